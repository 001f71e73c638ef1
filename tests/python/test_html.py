"""The HTML map page in a real browser: headless Chromium (Debian's `chromium`,
driven through Debian's `chromedriver` by Selenium, so no browser is downloaded).

The page is checked against the CLI itself: the arrows shown on each day of the
slider are the effective stances of `export --format json --as-of DAY`, and a
clicked arrow's panel shows that statement's evidence. Screenshots at desktop and
phone width go to target/html-screenshots/.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.actions.action_builder import ActionBuilder  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
GENEVA = "graphs/geneva-talks-2025-11.ron"
SHIFTING = "tests/fixtures/html/shifting.ron"
TRICKY = "tests/fixtures/graphs/tricky-strings.ron"
DESKTOP = (1280, 900)
PHONE = (390, 844)


@pytest.fixture(scope="session")
def browser():
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        message = f"headless Chromium needs {' and '.join(missing)} (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--force-device-scale-factor=1",
                f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def shots(repo) -> Path:
    folder = repo / "target" / "html-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run(stancegraph, repo, *args) -> str:
    out = subprocess.run([str(stancegraph), *args], cwd=repo, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def page(stancegraph, repo, tmp_path, graph, *options) -> Path:
    html = tmp_path / (Path(graph).stem + ".html")
    run(stancegraph, repo, "export", graph, "--format", "html", "-o", str(html), *options)
    return html


def open_page(browser, html: Path, size=DESKTOP):
    browser.set_window_size(*size)
    browser.get(html.as_uri())
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return document.documentElement.dataset.ready === 'true'"))
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def map_data(browser) -> dict:
    return json.loads(browser.execute_script("return document.getElementById('sg-map-data').textContent"))


def shown_arrows(browser) -> set:
    """(actor, target, stance) of every stance arrow the browser actually displays."""
    by_id = {a["id"]: a for a in map_data(browser)["arrows"]}
    shown = set()
    for g in browser.find_elements(By.CSS_SELECTOR, "#sg-map g.edge.stance"):
        if g.is_displayed():
            a = by_id[g.get_attribute("id")]
            shown.add((a["actor"], a["target"], a["stance"]))
    return shown


def effective(stancegraph, repo, graph, day) -> set:
    doc = json.loads(run(stancegraph, repo, "export", graph, "--format", "json", "--as-of", day))
    return {(e["actor"], e["target"], e["stance"]) for e in doc["effective"]}


def slide_to(browser, step: int) -> str:
    """Moves the date slider with the keyboard, as a reader would, and returns the day shown."""
    slider = browser.find_element(By.ID, "sg-date")
    slider.send_keys(Keys.HOME)
    for _ in range(step):
        slider.send_keys(Keys.ARROW_RIGHT)
    assert slider.get_attribute("value") == str(step)
    return browser.find_element(By.ID, "sg-date-label").text


def click_arrow(browser, arrow_id: str):
    """A real mouse click on the arrow's head, at a point where no other arrow lies on top."""
    point = browser.execute_script("""
        const g = document.getElementById(arguments[0]);
        g.scrollIntoView({block: 'center', inline: 'center'});
        for (const shape of g.querySelectorAll('polygon, path:not(.sg-hit)')) {
            const r = shape.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            const hit = document.elementFromPoint(x, y);
            if (hit && hit.closest('g.edge') === g) { return [x, y]; }
        }
        return null;""", arrow_id)
    assert point, f"no free point to click on {arrow_id}"
    actions = ActionBuilder(browser)
    actions.pointer_action.move_to_location(int(point[0]), int(point[1])).click()
    actions.perform()


def full_page(browser, width: int, path: Path):
    """A screenshot of the whole page at this width, from its top."""
    browser.execute_script("window.scrollTo(0, 0)")
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(height, 4000))
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(path))


def test_the_slider_shows_the_stances_of_each_day_as_the_cli_does(browser, stancegraph, repo, tmp_path, shots):
    open_page(browser, page(stancegraph, repo, tmp_path, GENEVA))
    days = [s["date"] for s in map_data(browser)["steps"]]
    assert days == ["2025-11-21", "2025-11-22"]
    seen = []
    for step, day in enumerate(days):
        assert slide_to(browser, step) == day
        expected = effective(stancegraph, repo, GENEVA, day)
        assert shown_arrows(browser) == expected, day
        seen.append(expected)
        browser.save_screenshot(str(shots / f"geneva-{day}.png"))
    assert seen[0] != seen[1], "the two days differ in the curated graph"
    assert len(seen[0]) < len(seen[1])


def test_an_arrow_that_changes_stance_is_redrawn_each_day(browser, stancegraph, repo, tmp_path):
    open_page(browser, page(stancegraph, repo, tmp_path, SHIFTING))
    assert [s["date"] for s in map_data(browser)["steps"]] == ["2025-03-01", "2025-03-03", "2025-03-05"]
    alder = []
    for step, day in enumerate(["2025-03-01", "2025-03-03", "2025-03-05"]):
        slide_to(browser, step)
        shown = shown_arrows(browser)
        assert shown == effective(stancegraph, repo, SHIFTING, day), day
        alder.append({s for a, _, s in shown if a == "alder"})
    assert alder == [{"skeptical"}, {"skeptical"}, {"support"}]
    tally = browser.find_element(By.ID, "sg-tally").text
    assert tally == "The plan: 1 support · 1 non-starter", tally


def test_clicking_an_arrow_shows_its_evidence(browser, stancegraph, repo, tmp_path, shots):
    open_page(browser, page(stancegraph, repo, tmp_path, GENEVA))
    doc = json.loads(run(stancegraph, repo, "export", GENEVA, "--format", "json"))
    statements = {s["id"]: s for s in doc["statements"]}
    sources = {s["id"]: s for s in doc["sources"]}
    actors = {a["id"]: a for a in doc["actors"]}
    zelenskyy = next(e for e in doc["effective"] if e["actor"] == "zelenskyy")
    s = statements[zelenskyy["statement"]]
    arrow = next(a for a in map_data(browser)["arrows"]
                 if (a["actor"], a["target"], a["stance"]) == ("zelenskyy", s["target"], s["stance"]))
    click_arrow(browser, arrow["id"])
    panel = browser.find_element(By.ID, "sg-panel")
    WebDriverWait(browser, 5).until(lambda d: s["quote"] in panel.text)
    text = panel.text
    assert actors["zelenskyy"]["name"] in text
    source = sources[s["source"]]
    assert source["title"] in text
    if source["url"]:
        link = panel.find_element(By.CSS_SELECTOR, "a")
        assert (link.text, link.get_attribute("href")) == (source["title"], source["url"])
    assert (s["date"] or "undated") in text
    assert f"{s['confidence']:.2f}" in text
    full_page(browser, DESKTOP[0], shots / "desktop.png")

    # At phone width the panel sits below the map, and the page is no wider than the screen.
    browser.set_window_size(*PHONE)
    WebDriverWait(browser, 5).until(lambda d: d.execute_script("return window.innerWidth") <= PHONE[0])
    box = browser.find_element(By.ID, "sg-map").rect
    panel = browser.find_element(By.ID, "sg-panel").rect
    assert panel["y"] >= box["y"] + box["height"], (box, panel)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    full_page(browser, PHONE[0], shots / "phone.png")


def test_the_stance_filter_hides_one_stance(browser, stancegraph, repo, tmp_path):
    open_page(browser, page(stancegraph, repo, tmp_path, GENEVA))
    before = shown_arrows(browser)
    assert any(s == "skeptical" for _, _, s in before)
    browser.find_element(By.CSS_SELECTOR, "input[name=stance][value=skeptical]").click()
    assert shown_arrows(browser) == {a for a in before if a[2] != "skeptical"}
    browser.find_element(By.CSS_SELECTOR, "input[name=stance][value=skeptical]").click()
    assert shown_arrows(browser) == before


def test_search_finds_an_actor_by_alias(browser, stancegraph, repo, tmp_path):
    open_page(browser, page(stancegraph, repo, tmp_path, GENEVA))
    browser.find_element(By.ID, "sg-search").send_keys("Zelenksyy")
    assert browser.find_element(By.ID, "sg-found").text == "1 actor matches"
    node = browser.find_element(By.ID, "sg-actor:zelenskyy")
    assert "sg-match" in node.get_attribute("class")
    assert "sg-dim" in browser.find_element(By.ID, "sg-actor:trump").get_attribute("class")


def test_tricky_strings_show_as_themselves_and_only_web_links_link(browser, stancegraph, repo, tmp_path):
    open_page(browser, page(stancegraph, repo, tmp_path, TRICKY))
    doc = json.loads(run(stancegraph, repo, "export", TRICKY, "--format", "json"))
    embedded = json.loads(browser.execute_script("return document.getElementById('sg-graph').textContent"))
    assert embedded == doc, "the page embeds the JSON export, unchanged"
    s1 = next(a for a in map_data(browser)["arrows"] if a["actor"] == "quoter")
    click_arrow(browser, s1["id"])
    panel = browser.find_element(By.ID, "sg-panel")
    WebDriverWait(browser, 5).until(lambda d: "twice" in panel.text)
    assert '“never” – he said "no" \\ twice' in panel.text
    assert 'if "x" > y' in panel.text
    assert panel.find_element(By.CSS_SELECTOR, "a").get_attribute("href") == 'https://example.org/a?b=1&c=%222%22'
    assert browser.title == "Who stands where"

    open_page(browser, page(stancegraph, repo, tmp_path, SHIFTING))
    alder = next(a for a in map_data(browser)["arrows"] if a["actor"] == "alder" and a["stance"] == "support")
    click_arrow(browser, alder["id"])
    WebDriverWait(browser, 5).until(lambda d: "Now we back it" in panel_text(d))
    panel = browser.find_element(By.ID, "sg-panel")
    assert "The latest report" in panel.text
    assert panel.find_elements(By.CSS_SELECTOR, "a") == [], "a javascript: url is never a link"
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def panel_text(driver) -> str:
    return driver.find_element(By.ID, "sg-panel").text


def test_an_empty_graph_gives_a_working_page(browser, stancegraph, repo, tmp_path):
    graph = tmp_path / "empty.ron"
    graph.write_text("(schema: 1, actors: {}, proposals: {}, claims: {}, sources: {}, statements: {})\n")
    html = tmp_path / "empty.html"
    run(stancegraph, repo, "export", str(graph), "--format", "html", "-o", str(html))
    open_page(browser, html)
    assert shown_arrows(browser) == set()
    assert browser.find_element(By.ID, "sg-date").get_attribute("disabled") == "true"
