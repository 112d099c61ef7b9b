"""The demo's tests build 1 % of the activity history unless they ask for more: the full two years take ~30 s."""

import pytest

from regie.demo import generator


@pytest.fixture(autouse=True)
def _small_history(monkeypatch):
    monkeypatch.setattr(generator, "DEFAULT_HISTORY", 0.01)
