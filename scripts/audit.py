"""Audit the built site as a reader's browser gets it: served locally with gzip, each content page
is scored by Lighthouse (mobile and desktop), checked by the Nu HTML checker and by axe-core, and
weighed (scripts/page_weight.py). Prints a page × score table. A benchmark: it asserts nothing,
and Lighthouse's performance scores vary by a few points from run to run on a busy machine.

    make audit            (npm ci first if node_modules/ is missing; builds nothing: make book first)
    python scripts/audit.py [--pages intro,data] [--skip-lighthouse]

Needs: Debian's chromium, java (for vnu.jar), node with `npm ci` run (lighthouse 12.2.3, vnu-jar).
"""
import argparse
import io
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import page_weight  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
REPORTS = ROOT / "_build" / "audit"  # Lighthouse's JSON report of each run, kept for a closer look
METRICS = {"fcp": "first-contentful-paint", "lcp": "largest-contentful-paint",
           "tbt": "total-blocking-time", "cls": "cumulative-layout-shift", "si": "speed-index"}
COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".csv", ".ttf"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed (level 6) when the browser accepts it, as a real host does."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (not path.is_file() or path.suffix not in COMPRESSIBLE
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def serve(site):
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def lighthouse(url, desktop):
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{Path(url).stem}-{'desktop' if desktop else 'mobile'}.json"
    report.unlink(missing_ok=True)
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    if desktop:
        command.append("--preset=desktop")
    subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True,
                   text=True, timeout=240)
    if not report.exists():
        return None
    data = json.loads(report.read_text())
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    metric = {name: data["audits"][audit]["numericValue"] for name, audit in METRICS.items()}
    scores["metrics"] = (f"FCP {metric['fcp'] / 1000:.1f}s LCP {metric['lcp'] / 1000:.1f}s "
                         f"TBT {metric['tbt']:.0f}ms CLS {metric['cls']:.3f} SI {metric['si'] / 1000:.1f}s")
    failing = [a for c in ("accessibility", "best-practices", "seo")
               for a in (r["id"] for r in data["categories"][c]["auditRefs"] if r["weight"])
               if (data["audits"][a]["score"] is not None and data["audits"][a]["score"] < 1)]
    scores["failing"] = failing
    return scores


def nu_errors(pages):
    if not (shutil.which("java") and VNU.exists()):
        return {}
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only",
                             *map(str, pages)], capture_output=True, text=True)
    counts = {Path(p).name: 0 for p in pages}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1]
        counts[name] = counts.get(name, 0) + 1
    return counts


def axe_violations(base, paths):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS[1:])
        page = browser.new_page()
        for path in paths:
            page.goto(f"{base}/{path}", wait_until="load")
            found[path] = [v["id"] for v in Axe().run(page).response["violations"]]
        browser.close()
    return found


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", help="comma-separated page names (default: every content page)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    args = parser.parse_args(argv)
    if not (SITE / "index.html").exists():
        sys.exit("No built site in _build/html: run `make book` first.")
    if CHROMIUM is None:
        sys.exit("The audit needs Debian's chromium (apt-get install chromium).")
    if not args.skip_lighthouse and not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `npm ci` (package.json pins lighthouse 12.2.3).")
    pages = page_weight.content_pages(SITE)
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [p for p in pages if p.stem in wanted]
    paths = [p.relative_to(SITE).as_posix() for p in pages]
    httpd, base = serve(SITE)
    try:
        nu = nu_errors(pages)
        axe = axe_violations(base, paths)
        rows = []
        for page, path in zip(pages, paths):
            weight = page_weight.weigh(page, SITE)[0]["total"] / 1000
            mobile = desktop = None
            if not args.skip_lighthouse:
                mobile, desktop = lighthouse(f"{base}/{path}", False), lighthouse(f"{base}/{path}", True)
            rows.append((page.stem, weight, mobile, desktop, nu.get(page.name), axe[path]))
            print(f"audited {path}", file=sys.stderr, flush=True)
    finally:
        httpd.shutdown()

    def score(s, key):
        return "  -" if s is None else f"{s[key]:>3}"

    print(f"{'page':<14}{'KB gz':>6} | {'mobile: perf a11y bp seo':<25}| "
          f"{'desktop: perf a11y bp seo':<26}| {'Nu':>3} axe")
    for name, weight, mobile, desktop, nu_count, axe_ids in rows:
        print(f"{name:<14}{weight:>6.0f} | {'':<7}" + " ".join(score(mobile, c) for c in CATEGORIES)
              + f" | {'':<8}" + " ".join(score(desktop, c) for c in CATEGORIES)
              + f"  | {'-' if nu_count is None else nu_count:>3} {len(axe_ids)}")
    for name, _, mobile, desktop, _, axe_ids in rows:
        for label, s in (("mobile", mobile), ("desktop", desktop)):
            if s:
                print(f"{name} {label}: {s['metrics']}")
            if s and s["failing"]:
                print(f"{name} {label}: failing audits {', '.join(s['failing'])}")
        if axe_ids:
            print(f"{name}: axe {', '.join(axe_ids)}")
    if not nu:
        print("Nu checker skipped: needs java and node_modules/vnu-jar (npm ci).")


if __name__ == "__main__":
    main(sys.argv[1:])
