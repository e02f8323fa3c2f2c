"""Tests of the bundled data against the source texts in tests/sources/."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from matframework import Framework, Rating, Stage, assurance_framework
from matframework.documents.bundled import read_data_text

SOURCES = Path(__file__).parent / "sources"
ASSURANCE = (SOURCES / "003_6fa09f3acbce6400.txt").read_text(encoding="utf-8").splitlines()
# The article's HTML left no-break spaces between some words; the bundled data has plain spaces.
IMPROVEMENT = [
    " ".join(line.split())
    for line in (SOURCES / "000_c56cdc059465602f.txt").read_text(encoding="utf-8").splitlines()
]

# Words that the extraction glued together where a line ended in a hyphen (or where
# two interleaved columns met), and the words they stand for. The bundled data
# repairs exactly these; nothing else differs from the source.
GLUED = {
    "datainformed": "data informed",
    "nonStaff": "non Staff",
    "coconstructing": "co constructing",
    "cobest": "co best",
    "wellcurrent": "well current",
    "ageCurriculum": "age Curriculum",
    "agerelated": "age related",
    "peerto": "peer to",
    "inexisting": "in existing",
    "welldeveloped": "well developed",
    "MATschool": "MAT school",
    "broadbrush": "broad brush",
    "actionfocused": "action focused",
}
# Table furniture of the source: column headings and stage labels.
FURNITURE = {
    "Element",
    "Questions to consider",
    "Red (weak) looks like…",
    "Green (strong) looks like…",
    "Current",
    "rating",
    "Questions to start with:",
    "Question to start with:",
    "Additional questions:",
}
NUMERAL = re.compile(r"(i|ii|iii|iv|v|vi)\.")
LABEL = re.compile(r"[1-6][A-B-C]?\.")
TABLE_START = ASSURANCE.index("1. Vision, culture and ethos")


def words(text: str) -> list[str]:
    """Split text into words, splitting hyphenated words and un-gluing glued ones."""
    out: list[str] = []
    for token in text.split():
        for piece in token.split("-"):
            if piece:
                out.extend(GLUED.get(piece, piece).split())
    return out


def source_words(lines: list[str], *, keep_numerals: bool = False) -> list[str]:
    out = []
    for line in lines:
        if line.strip() in FURNITURE:
            continue
        for word in words(line):
            if not keep_numerals and (NUMERAL.fullmatch(word) or LABEL.fullmatch(word)):
                continue
            out.append(word)
    return out


def framework_texts(fw: Framework) -> Iterator[tuple[str, str]]:
    """Yield (where, text) for every piece of authors' text in the framework's table."""
    for heading in fw.headings:
        yield f"heading {heading.number}", heading.title
        for element in heading.elements:
            yield element.code, element.title
            for area in element.focus_areas:
                yield element.code, area
            for c in element.criteria:
                yield f"{c.id} question", c.question
                yield f"{c.id} red", c.red
                yield f"{c.id} green", c.green


def _common_prefix(a: list[str], b: list[str]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(word in it for word in needle)


class TestAssuranceFrameworkShape:
    def test_counts(self) -> None:
        """Six headings, fourteen elements, 76 criteria."""
        fw = assurance_framework()
        assert (6, 14, 76) == (len(fw.headings), len(fw.elements), len(fw.criteria))

    def test_codes(self) -> None:
        """Elements 1A to 6B, as the source lists them."""
        assert ["1A", "1B", "1C", "2A", "2B", "3A", "3B", "3C", "4A", "4B", "5A", "5B", "6A", "6B"] == [
            e.code for e in assurance_framework().elements
        ]

    @pytest.mark.parametrize(
        ("code", "start", "additional"),
        [
            ("1A", 3, 3),
            ("1B", 3, 2),
            ("1C", 3, 2),
            ("2A", 3, 2),
            ("2B", 4, 2),
            ("3A", 4, 2),
            ("3B", 3, 3),
            ("3C", 3, 2),
            ("4A", 3, 3),
            ("4B", 3, 2),
            ("5A", 3, 3),
            ("5B", 3, 2),
            ("6A", 2, 2),
            ("6B", 2, 4),
        ],
    )
    def test_numerals_and_stages(self, code: str, start: int, additional: int) -> None:
        """Each element has the source's numerals, split into its two stages."""
        element = assurance_framework().element(code)
        expected = ["i", "ii", "iii", "iv", "v", "vi"][: start + additional]
        assert expected == [c.numeral for c in element.criteria]
        assert [Stage.START] * start + [Stage.ADDITIONAL] * additional == [c.stage for c in element.criteria]

    def test_stage_counts_match_source_labels(self) -> None:
        """The source prints one 'to start with' and one 'additional' label per element."""
        labels = [
            line for line in ASSURANCE if line in {"Questions to start with:", "Question to start with:"}
        ]
        assert len(labels) == len(assurance_framework().elements)
        assert ASSURANCE.count("Additional questions:") == len(assurance_framework().elements)

    def test_scale(self) -> None:
        """Four levels; only Red and Green are described, as weak and strong capacity."""
        scale = assurance_framework().scale
        assert [
            ("Red", True, "weak capacity"),
            ("Amber Red", False, None),
            ("Amber Green", False, None),
            ("Green", True, "strong capacity"),
        ] == [(lv.label, lv.described, lv.meaning) for lv in scale.levels]
        assert tuple(Rating) == scale.ratings

    def test_heading_titles(self) -> None:
        """Heading titles are those printed above each heading's element tables."""
        table_headings = [line for line in ASSURANCE[TABLE_START:] if re.fullmatch(r"[1-6]\. .+", line)]
        assert [f"{h.number}. {h.title}" for h in assurance_framework().headings] == table_headings

    def test_spot_checks(self) -> None:
        """A few texts, checked by hand against the source."""
        fw = assurance_framework()
        assert "Does the MAT have a clear vision of what excellent education looks like in practice?" == (
            fw.criterion("1A.i").question
        )
        assert "data-informed" in fw.criterion("1B.iii").red
        assert fw.criterion("2B.i").red.startswith(
            "Staff recruitment and development is delegated to schools; there is no co-ordinated approach"
        )
        assert "their own in-school evaluations and external research" in fw.criterion("3B.v").green
        assert fw.criterion("3B.v").red.endswith("be an improvement on existing practice")
        assert "The MAT has a clear succession plan for governance" == fw.criterion("6B.iv").green
        assert fw.criterion("4A.vi").red.endswith("as a result pupils lack continuity year to year")
        assert fw.criterion("4A.vi").green.endswith(
            "continuity for pupils’ learning and promotes effective transitions"
        )
        assert (
            "Can the MAT clearly demonstrate the impact of the curriculum design?"
            == fw.criterion("4A.vi").question
        )
        assert "vison" in fw.criterion("4B.i").green  # the source's own spelling is kept
        assert ("Focus on SI", "Skills to focus on SI", "Roles and responsibilities for SI") == fw.element(
            "6A"
        ).focus_areas
        assert "Capability to refresh and renew the MAT" == fw.element("6B").title


class TestAssuranceFrameworkFidelity:
    """The bundled text is the source's text, word for word, nothing added or left out."""

    def test_same_words_as_the_table(self) -> None:
        """The words of every title, focus area, question and descriptor are exactly the table's words."""
        table = Counter(source_words(ASSURANCE[TABLE_START:]))
        bundled = Counter(w for _where, text in framework_texts(assurance_framework()) for w in words(text))
        assert {} == dict(table - bundled), "in the source but not the bundled data"
        assert {} == dict(bundled - table), "in the bundled data but not the source"

    def test_each_text_reads_in_source_order(self) -> None:
        """Each text's words appear in the source in the same order, after its element's label."""
        table = source_words(ASSURANCE[TABLE_START:], keep_numerals=True)
        for where, text in framework_texts(assurance_framework()):
            code = where.split()[0].split(".")[0]
            start = table.index(f"{code}.") if re.fullmatch(r"[1-6][A-C]", code) else 0
            assert is_subsequence(words(text), table[start:]), where

    def test_numbered_texts_carry_their_numeral(self) -> None:
        """Where the source prints a numeral before a text, the text is that criterion's."""
        fw = assurance_framework()
        blocks: dict[str, list[str]] = {}
        code = ""
        for line in ASSURANCE[TABLE_START:]:
            label = re.match(r"([1-6][A-C])\. ", line)
            if label:
                code = label.group(1)
            elif code:
                blocks.setdefault(code, []).append(line)
        checked = 0
        for code, lines in blocks.items():
            texts = [
                (c.numeral, words(getattr(c, part)))
                for c in fw.element(code).criteria
                for part in ("question", "red", "green")
            ]
            for line in lines:
                for match in re.finditer(
                    r"(?:^|\s)(i|ii|iii|iv|v|vi)\.\s+(.+?)(?=\s(?:i|ii|iii|iv|v|vi)\.(?:\s|$)|$)", line
                ):
                    opening = words(match.group(2))
                    scored = sorted(
                        ((_common_prefix(opening, text), numeral) for numeral, text in texts), reverse=True
                    )
                    (best, numeral), (runner_up, _) = scored[0], scored[1]
                    if best >= 2 and best > runner_up:
                        assert match.group(1) == numeral, f"{code}: {line!r}"
                        checked += 1
        assert checked >= 190  # nearly every numbered text is found, and all found agree

    def test_description_and_guidance(self) -> None:
        """The introduction and the advice on use are the source's paragraphs, rejoined."""
        fw = assurance_framework()
        intro = " ".join(ASSURANCE[1:7])
        guidance = " ".join(
            ASSURANCE[ASSURANCE.index("How to use this framework") + 1 : ASSURANCE.index("Element")]
        )
        assert [intro] == list(fw.description)
        assert " ".join(guidance.split()) == " ".join(fw.guidance)


def improvement_data() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(read_data_text("improvement-framework.yaml"))
    return data


def all_strings(value: Any, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from all_strings(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from all_strings(item, skip)


OURS = frozenset(
    {"schema", "id", "version", "additions", "key", "mode", "title_ours", "url"}
)  # the address is ours (see additions)


class TestImprovementFrameworkData:
    def test_every_text_is_the_articles(self) -> None:
        """Every text in the bundled article data appears verbatim in the article."""
        data = improvement_data()
        data.pop("title")  # ours: the text supplied has no title
        article = "\n".join(IMPROVEMENT)
        for text in all_strings(data, OURS):
            assert text in article, text

    def test_nothing_of_the_article_left_out(self) -> None:
        """Every line of the article is made up of texts in the bundled data."""
        texts = sorted(set(all_strings(improvement_data(), OURS)), key=len, reverse=True)
        furniture = {"You are here:", "We look at each of these elements below."}
        for line in IMPROVEMENT:
            rest = line.removeprefix("• ")
            if not rest or rest in furniture:
                continue
            for text in texts:
                rest = rest.replace(text, "")
            assert "" == rest.strip(), line

    def test_counts(self) -> None:
        """Three drivers, five priorities, 25 practice areas, seven tips, four domains, six questions."""
        data = improvement_data()
        assert ["top-down", "bottom-up", "peer-to-peer"] == [d["key"] for d in data["drivers"]]
        assert (5, 25, 7, 4, 6) == tuple(
            len(data[k])
            for k in ("vision_priorities", "practice_areas", "impact_tips", "pd_domains", "review_checklist")
        )

    def test_table_columns(self) -> None:
        """The flattened table's items keep their order, in three runs: standardise, align, autonomy."""
        data = improvement_data()
        first = IMPROVEMENT.index("The format of individual school improvement plans")
        last = IMPROVEMENT.index(
            "Initiating interventions to meet the individual school’s needs and challenges"
        )
        items = [line for line in IMPROVEMENT[first : last + 1] if line]
        assert items == [a["area"] for a in data["practice_areas"]]
        modes = [a["mode"] for a in data["practice_areas"]]
        assert ["standardise"] * 10 + ["align"] * 8 + ["autonomy"] * 7 == modes
        assert {"standardise", "align", "autonomy"} == {m["key"] for m in data["modes"]}
