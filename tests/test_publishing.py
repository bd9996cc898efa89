"""Publishing: the public address comes from the repository at build time. Built with a sample
repository, as the workflow builds it, the book has its base URL, canonical links, repository
button and Binder and Colab launch buttons; built without one, it invents none."""
import os
import re
import subprocess
import sys
from html import unescape

import pytest

from conftest import ROOT

SAMPLE = "example-org/soviet-pacific-companion"
BASE = "https://example-org.github.io/soviet-pacific-companion/"


@pytest.fixture(scope="module")
def sample_site(site, tmp_path_factory):
    """The book built as the workflow builds it in repository SAMPLE (after the ordinary build,
    so that the notebooks come from the execution cache)."""
    out = tmp_path_factory.mktemp("published")
    env = dict(os.environ, COMPANION_REPOSITORY=SAMPLE)
    env.pop("COMPANION_BASEURL", None)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_book.py"), "--path-output", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


def test_sample_address_lights_up_baseurl_and_launch_buttons(sample_site):
    intro = (sample_site / "book" / "intro.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}book/intro.html"' in intro
    assert f'name="citation_public_url" content="{BASE}book/intro.html"' in intro
    chapter = (sample_site / "book" / "border_wars.html").read_text(encoding="utf-8")
    assert f"https://mybinder.org/v2/gh/{SAMPLE}/main?urlpath=" in chapter
    assert f"https://colab.research.google.com/github/{SAMPLE}/blob/main/book/border_wars.ipynb" in chapter
    assert f'href="https://github.com/{SAMPLE}"' in chapter
    cite = unescape(re.sub(r"<[^>]+>", "", (sample_site / "book" / "how_to_cite.html").read_text(encoding="utf-8")))
    assert f"url = {{{BASE}}}" in cite
    corrections = (sample_site / "book" / "corrections.html").read_text(encoding="utf-8")
    assert f'href="https://github.com/{SAMPLE}/issues/new?template=data-error.yml"' in corrections


def test_without_a_repository_no_address_is_invented(site):
    if os.environ.get("COMPANION_REPOSITORY") or os.environ.get("COMPANION_BASEURL"):
        pytest.skip("this build has a real address (the publishing workflow)")
    for name in ("intro", "border_wars", "how_to_cite", "corrections"):
        html = (site / "book" / f"{name}.html").read_text(encoding="utf-8")
        assert not re.search(r"github\.io|github\.com/[^\"]*/issues|mybinder\.org|colab\.research|rel=\"canonical\"", html), name
