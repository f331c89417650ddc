"""A large site's pages are rendered in two processes when the second core is idle: the pages come out
the same, byte for byte and in the same order, as from one process; an error in a template is raised
in the build's own process, as without the worker; and a process with threads (`okrsite serve`) or
workers of its own (charts being drawn) renders alone. The worker renders from the last page back and
sends its pages in chunks as it goes: when it fails or is killed mid-way, the pages it sent are kept
and the rest rendered here.

Where the two processes meet is up to the scheduler; a test that needs the worker to have rendered some
pages makes the build's process wait for that (`_worker_ahead`), it does not time anything."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import threading
import time

import jinja2
import pytest
from conftest import ROOT, TODAY

from okrsite import render
from okrsite.build import site_pages
from okrsite.i18n import Translator
from okrsite.site import build_site

TEMPLATES = ROOT / "theme" / "okrsite"
WORKER = render._Worker  # the class: the `workers` fixture puts a function counting them in its place
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker is forked on Linux only")


@pytest.fixture(scope="module")
def demo_pages(demo):
    company, _ = demo
    t = Translator().numbers_in(company.organisation.number_style)
    site = build_site(company, TODAY)
    return site_pages(site, t), site, t


@pytest.fixture
def workers(monkeypatch):
    """The workers started; the second core taken as idle whatever else runs in the test process."""
    started: list[render._Worker] = []
    real = render._Worker

    def counted(*args):
        started.append(real(*args))
        return started[-1]

    monkeypatch.setattr(render, "_Worker", counted)
    monkeypatch.setattr(render, "_second_core_idle", lambda: True)
    return started


def test_two_processes_render_the_pages_of_one(demo_pages, workers):
    pages, site, t = demo_pages
    alone = render.render_pages(pages, site, TEMPLATES, t, split_from=len(pages) + 1)
    assert not workers
    split = render.render_pages(pages, site, TEMPLATES, t, split_from=2)
    assert len(workers) == 1 and workers[0].process.exitcode == 0
    assert list(split) == list(alone) == [page.src for page in pages]
    for src, page in alone.items():
        assert split[src].markdown == page.markdown, src
        assert split[src].packed == page.packed, src
    assert not multiprocessing.active_children()


def _same_pages(made, alone):
    assert list(made) == list(alone)
    for src, page in alone.items():
        assert made[src].markdown == page.markdown, src
        assert made[src].packed == page.packed, src


def _failing_in_worker(monkeypatch, after: int, fail) -> None:
    """The worker's `after`+1-th page fails with `fail()`; this process's pages render as ever."""
    here, real, count = os.getpid(), render.Renderer.page_markdown, [0]

    def page_markdown(self, page):
        if os.getpid() != here:
            count[0] += 1
            if count[0] > after:
                fail()
        return real(self, page)

    monkeypatch.setattr(render.Renderer, "page_markdown", page_markdown)


def _worker_ahead(monkeypatch, workers, pages, count: int) -> None:
    """This process renders none of its pages until the worker has taken `count` pages or has gone."""
    here, real = os.getpid(), render.Renderer.page_markdown

    def page_markdown(self, page):
        if os.getpid() == here and workers:
            worker = workers[-1]
            while len(pages) - worker.bounds[1] < count and worker.process.is_alive():
                time.sleep(0.005)
        return real(self, page)

    monkeypatch.setattr(render.Renderer, "page_markdown", page_markdown)


@pytest.fixture(scope="module")
def alone(demo_pages):
    pages, site, t = demo_pages
    return render.render_pages(pages, site, TEMPLATES, t, split_from=len(pages) + 1)


def test_the_worker_sends_its_pages_as_it_goes(demo_pages, workers, alone, monkeypatch):
    pages, site, t = demo_pages
    monkeypatch.setattr(render, "CHUNK", 1)  # a page a chunk
    sent: list[int] = []
    real = WORKER._receive

    def receive(self):
        before = len(self.pages)
        real(self)
        sent.append(len(self.pages) - before)

    monkeypatch.setattr(WORKER, "_receive", receive)
    _worker_ahead(monkeypatch, workers, pages, 10)
    _same_pages(render.render_pages(pages, site, TEMPLATES, t, split_from=2), alone)
    assert sent[-1] == 0 and set(sent[:-1]) == {1} and len(sent) > 10  # then the end of the pipe
    assert workers[0].process.exitcode == 0 and not multiprocessing.active_children()


@pytest.mark.parametrize(("chunk", "after"), [(1, 7), (10**9, 7), (1, 0)])
def test_a_worker_killed_midway_leaves_its_sent_pages_and_the_rest_is_rendered_here(demo_pages, workers, alone,
                                                                                     monkeypatch, chunk, after):
    pages, site, t = demo_pages
    monkeypatch.setattr(render, "CHUNK", chunk)
    _failing_in_worker(monkeypatch, after, lambda: os._exit(9))  # as the out-of-memory killer would
    _worker_ahead(monkeypatch, workers, pages, after + 1)
    _same_pages(render.render_pages(pages, site, TEMPLATES, t, split_from=2), alone)
    assert workers[0].process.exitcode == 9
    assert not multiprocessing.active_children()


def test_a_page_failing_only_in_the_worker_is_rendered_here(demo_pages, workers, alone, monkeypatch):
    pages, site, t = demo_pages
    monkeypatch.setattr(render, "CHUNK", 1)

    def fail():
        raise MemoryError

    _failing_in_worker(monkeypatch, 11, fail)
    _worker_ahead(monkeypatch, workers, pages, 12)
    _same_pages(render.render_pages(pages, site, TEMPLATES, t, split_from=2), alone)
    assert workers[0].process.exitcode == 0


def test_an_error_in_a_template_late_in_the_workers_pages_is_raised_here(demo_pages, workers, tmp_path, monkeypatch):
    pages, site, t = demo_pages
    monkeypatch.setattr(render, "CHUNK", 1)
    late = pages[-9]  # the worker's ninth
    assert late.template == "person.html"
    templates = tmp_path / "okrsite"
    shutil.copytree(TEMPLATES, templates)
    person = templates / "person.html"
    person.write_text(f"{{% if page.src == {late.src!r} %}}{{{{ no_such_value }}}}{{% endif %}}"
                      + person.read_text(encoding="utf-8"), encoding="utf-8")
    _worker_ahead(monkeypatch, workers, pages, 9)
    with pytest.raises(jinja2.UndefinedError, match="no_such_value"):
        render.render_pages(pages, site, templates, t, split_from=2)
    assert len(workers) == 1 and workers[0].process.exitcode == 0  # it said it failed, and left
    assert not multiprocessing.active_children()


def test_an_error_in_the_workers_first_page_is_raised_here(demo_pages, workers, tmp_path, monkeypatch):
    pages, site, t = demo_pages
    assert pages[-1].template == "digest.html"  # the worker renders from the last page back
    (tmp_path / "digest.html").write_text("{{ no_such_value }}", encoding="utf-8")
    _worker_ahead(monkeypatch, workers, pages, 1)
    with pytest.raises(jinja2.UndefinedError, match="no_such_value"):
        render.render_pages(pages, site, [tmp_path, TEMPLATES], t, split_from=2)
    assert len(workers) == 1 and workers[0].process.exitcode == 0
    assert not multiprocessing.active_children()


def test_an_error_in_this_processs_pages_stops_the_worker(demo_pages, workers, tmp_path):
    pages, site, t = demo_pages
    assert pages[1].template == "people.html"  # this process renders from the first page on
    (tmp_path / "people.html").write_text("{{ no_such_value }}", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError, match="no_such_value"):
        render.render_pages(pages, site, [tmp_path, TEMPLATES], t, split_from=2)
    assert len(workers) == 1 and workers[0].process.exitcode is not None
    assert not multiprocessing.active_children()


def test_small_sites_render_in_one_process(demo_pages, workers):
    pages, site, t = demo_pages
    assert len(pages) < render.SPLIT_FROM
    render.render_pages(pages, site, TEMPLATES, t)
    assert not workers


def test_no_worker_beside_threads_or_other_workers():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)  # as `okrsite serve`'s server, or a process pool's manager
    thread.start()
    try:
        assert not render._second_core_idle()
    finally:
        stop.set()
        thread.join()
    drawing = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(30,))  # as a chart worker
    drawing.start()
    try:
        assert not render._second_core_idle()
    finally:
        drawing.terminate()
        drawing.join()
