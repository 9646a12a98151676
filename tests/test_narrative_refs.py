"""The evaluator's texts checked like data: each problem a warning naming the file and the line."""

import re
from pathlib import Path

import pytest

from tests.conftest import NOTEBOOKS
from toolkit.check.narrative_refs import HEADINGS, Programme, check_narrative
from toolkit.model import rules, sitemap
from toolkit.model.slots import SLOTS

PROGRAMME = Programme(
    operation_ids=("puits-kayes",),
    questions={"Q1": "q-efficacite-1", "Q2": "q-durabilite-1"},
    document_lines={"rapport": 60},
    document_anchors=("doc-rapport",),
)
SLOT_NAMES = [slot.name for slot in SLOTS]
VALID = {
    "conclusions.md": "## C1 — Livrés\n\n- Repose sur : Q1, q-durabilite-1\n\nTexte.\n",
    "recommandations.md": (
        "<!-- guidance\nR9 in a comment is not read -->\n## R1 — Financer\n\n- Destinataire : direction\n"
        "- Priorité : haute\n- Échéance : 2022\n- Découle de : C1\n"
    ),
    "enseignements.md": "## L1 — Une caisse\n\nVoir [C1](#c1), [la matrice](annexes.html#matrice), "
    "[le rapport](documents/rapport.html#l60), [Q1](#q-efficacite-1) et [le site](https://example.org/x).\n",
    "reponse-direction.md": "## R1 — Acceptée\n\nOui.\n",
    "operations/puits-kayes.md": "Voir [l'annexe](../annexes.html#passages-q-efficacite-1).\n",
}


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _check(tmp_path: Path, **changes: str) -> list:
    files = {**VALID, **{name.replace("__", "/").replace("_md", ".md"): text for name, text in changes.items()}}
    return check_narrative(_write(tmp_path / "narrative", files), PROGRAMME, SLOT_NAMES)


def test_valid_texts_raise_nothing(tmp_path):
    assert _check(tmp_path) == []


def test_a_missing_folder_raises_nothing(tmp_path):
    assert check_narrative(tmp_path / "absent", PROGRAMME, SLOT_NAMES) == []


@pytest.mark.parametrize(
    ("file", "text", "line", "value"),
    [
        ("recommandations.md", "## R1 — Financer\n\n- Découle de : C1, C9\n", 3, "C9"),
        ("conclusions.md", "## C1 — Livrés\n\n- Repose sur : Q42\n", 3, "Q42"),
        ("conclusions.md", "## C1 — Livrés\n\n- Repose sur : q-inconnue-1\n", 3, "q-inconnue-1"),
        ("reponse-direction.md", "Texte.\n\n## R3 — Acceptée\n", 3, "R3"),
        ("enseignements.md", "## L1 — Une caisse\n\nComme le dit L4.\n", 3, "L4"),
    ],
)
def test_a_reference_to_a_number_that_does_not_exist(tmp_path, file, text, line, value):
    findings = _check(tmp_path, **{file.replace(".md", "_md"): text})
    assert [(f.file, f.row, f.value, f.rule, f.severity) for f in findings] == [
        (f"narrative/{file}", line, value, rules.NARRATIVE_REFERENCE.id, "warning")
    ]


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("annexes.html#inexistant", "n'a pas de repère « inexistant »"),
        ("documents/rapport.html#l61", "n'a pas de repère « l61 »"),
        ("operations/inconnue.html", "pas de page operations/inconnue.html"),
        ("#c7", "n'a pas de repère « c7 »"),
    ],
)
def test_a_link_to_a_page_or_anchor_that_does_not_exist(tmp_path, target, problem):
    findings = _check(tmp_path, enseignements_md=f"## L1 — Une caisse\n\nVoir\n[ici]({target}).\n")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.file, finding.row, finding.value, finding.rule) == (
        "narrative/enseignements.md",
        4,
        target,
        rules.NARRATIVE_LINK.id,
    )
    assert problem in finding.message


def test_an_operation_text_links_from_its_own_folder(tmp_path):
    # Written as on the index, the link misses: the operation's page is one folder down.
    findings = _check(tmp_path, **{"operations__puits-kayes_md": "[l'annexe](annexes.html#matrice)\n"})
    assert [(f.file, f.rule) for f in findings] == [("narrative/operations/puits-kayes.md", rules.NARRATIVE_LINK.id)]


def test_a_file_that_fills_no_slot_names_the_closest(tmp_path):
    findings = _check(tmp_path, criteres__efficiacite_md="Texte.\n")
    assert [(f.file, f.row, f.rule, f.severity) for f in findings] == [
        ("narrative/criteres/efficiacite.md", None, rules.NARRATIVE_FILE.id, "warning")
    ]
    assert "criteres/efficacite.md" in findings[0].message
    unknown = _check(tmp_path, operations__puits_inconnu_md="Texte.\n")
    assert "operations/puits-kayes.md" in unknown[-1].message


def test_a_recommendation_citing_nothing(tmp_path):
    findings = _check(
        tmp_path, recommandations_md="## R1 — Financer\n\n- Découle de : C1\n\n## R2 — Suivre\n\nTexte sans source.\n"
    )
    assert [(f.row, f.value, f.rule, f.severity) for f in findings] == [
        (5, "R2", rules.NARRATIVE_UNCITED.id, "warning")
    ]


def test_a_number_given_twice(tmp_path):
    findings = _check(tmp_path, conclusions_md="## C1 — Livrés\n\n- Repose sur : Q1\n\n## C1 — Encore\n")
    assert [(f.row, f.value, f.rule) for f in findings] == [(5, "C1", rules.NARRATIVE_DUPLICATE.id)]
    assert "ligne 1" in findings[0].message


def test_the_declared_heading_anchors_are_the_notebooks():
    pages = {
        sitemap.INDEX: "programme",
        sitemap.ANNEXES: "annexes",
        sitemap.OPERATIONS: "operation",
        sitemap.DATA_QUALITY: "data_quality",
    }
    for page, notebook in pages.items():
        script = (NOTEBOOKS / f"{notebook}.py").read_text(encoding="utf-8")
        assert re.findall(r'^# <h[1-6] id="([^"]+)"', script, re.MULTILINE) == HEADINGS[page], notebook


PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f3c8e70000000049454e44ae426082"
)


def test_an_image_at_an_address_outside_or_not_in_the_folder_is_a_warning_a_picture_of_the_folder_is_not(tmp_path):
    """The report is read offline: an image at an http address would be fetched by the reader's
    browser. A picture kept beside the texts is embedded, and fills no slot without being one."""
    folder = _write(
        tmp_path / "narrative",
        {
            "contexte.md": "Carte :\n\n![Carte des villages](images/carte.png)\n\n"
            "![Logo](https://exemple.invalid/logo.png) et [un lien](https://exemple.invalid/)\n\n"
            "![Perdue](images/perdue.png)\n",
        },
    )
    (folder / "images").mkdir()
    (folder / "images" / "carte.png").write_bytes(PIXEL)
    found = [(f.file, f.row, f.value, f.rule) for f in check_narrative(folder, PROGRAMME, SLOT_NAMES, tmp_path)]
    assert found == [
        ("narrative/contexte.md", 5, "https://exemple.invalid/logo.png", rules.NARRATIVE_IMAGE.id),
        ("narrative/contexte.md", 7, "images/perdue.png", rules.NARRATIVE_IMAGE.id),
    ]
    [outside] = [f for f in check_narrative(folder, PROGRAMME, SLOT_NAMES, tmp_path) if f.row == 5]
    assert "est à une adresse extérieure" in outside.message and outside.severity == "warning"


def test_an_image_named_by_a_reference_or_between_angle_brackets_is_checked_as_any_other(tmp_path):
    folder = _write(
        tmp_path / "narrative",
        {
            "contexte.md": "![Logo][logo] puis ![Carte][] puis ![Plan]\n\n"
            '![Photo](<https://exemple.invalid/une photo.png> "titre")\n\n'
            "[LOGO]: https://exemple.invalid/logo.png\n[carte]: images/carte.png\n[plan]: <//exemple.invalid/plan.png>\n",
        },
    )
    (folder / "images").mkdir()
    (folder / "images" / "carte.png").write_bytes(PIXEL)
    found = [(f.row, f.value) for f in check_narrative(folder, PROGRAMME, SLOT_NAMES, tmp_path)]
    assert found == [
        (1, "https://exemple.invalid/logo.png"),
        (1, "//exemple.invalid/plan.png"),
        (3, "https://exemple.invalid/une photo.png"),
    ]


def test_a_page_embeds_a_picture_of_the_folder_and_shows_any_other_image_as_its_text(tmp_path):
    from toolkit.report import narrative

    folder = _write(
        tmp_path / "narrative",
        {
            "contexte.md": '![Carte des villages](images/carte.png "Kayes")\n\n'
            "![Logo](https://exemple.invalid/logo.png)\n\n[un lien](https://exemple.invalid/)\n\n"
            "![Ailleurs](../../secret.png)\n",
            "operations/puits-kayes.md": "![Carte](../images/carte.png)\n",
        },
    )
    (folder / "images").mkdir()
    (folder / "images" / "carte.png").write_bytes(PIXEL)
    (tmp_path / "secret.png").write_bytes(PIXEL)  # a picture outside the texts' folder
    html = str(narrative.slot(folder, "contexte"))
    assert html.count("<img ") == 1 and 'src="data:image/png;base64,' in html and 'title="Kayes"' in html
    assert "Logo (image non chargée : https://exemple.invalid/logo.png)" in html
    assert '<a href="https://exemple.invalid/">un lien</a>' in html  # a link loads nothing by itself
    assert "Ailleurs (image non chargée : ../../secret.png)" in html
    assert 'src="data:image/png;base64,' in str(narrative.operation_slot(folder, "puits-kayes"))


def test_a_text_that_is_a_link_out_of_the_folder_is_reported_and_never_shown(tmp_path):
    from toolkit.report import narrative

    folder = _write(tmp_path / "narrative", {"synthese.md": "Synthèse.\n"})
    elsewhere = tmp_path / "ailleurs.md"
    elsewhere.write_text("Un secret de la machine.\n", encoding="utf-8")
    (folder / "contexte.md").symlink_to(elsewhere)
    found = [(f.file, f.rule, f.severity) for f in check_narrative(folder, PROGRAMME, SLOT_NAMES, tmp_path)]
    assert found == [("narrative/contexte.md", rules.FILE_OUTSIDE.id, "warning")]
    assert "secret" not in str(narrative.slot(folder, "contexte"))
    assert "Synthèse." in str(narrative.slot(folder, "synthese"))
