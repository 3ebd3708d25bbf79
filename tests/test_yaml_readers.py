"""The two YAML readers (libyaml's, quick; PyYAML's, whose messages we reword) read every input the same."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REPO, SPEC_EXAMPLES
from pipeline import source

INPUTS = sorted({*REPO.glob("inputs/**/*.yaml"), *FIXTURES.glob("**/*.yaml"), *SPEC_EXAMPLES.glob("*.yaml"),
                 *REPO.glob("templates/*/style.yaml")})


@pytest.mark.skipif(source._FastLoader is None, reason="PyYAML here is built without libyaml")
@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_libyaml_and_pyyaml_give_the_same_data_and_lines(path: Path):
    text = path.read_text(encoding="utf-8")
    fast, slow = yaml.compose(text, Loader=source._FastLoader), yaml.compose(text, Loader=source._Loader)
    read = []
    for node in (fast, slow):
        loaded = source.Source(path, None, {(): node.start_mark.line + 1})
        problems: list = []
        loaded.data = source._build(node, (), loaded, problems)
        read.append((loaded.data, loaded.lines, [str(p) for p in problems]))
    assert read[0] == read[1]


def test_a_file_libyaml_refuses_gets_pyyaml_s_words(tmp_path):
    path = tmp_path / "paper.yaml"
    path.write_text("kind: cover-sheet\ntitle: Budget: the plan\n", encoding="utf-8")
    with pytest.raises(source.InputError) as raised:
        source.load(path)
    assert "put the text in quotes" in str(raised.value.problems[0])
