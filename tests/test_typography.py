"""French no-break spaces, set in the text of a finished page and nowhere else."""

from toolkit.text.typography import NBSP, NNBSP, french_spacing, french_text


def test_high_punctuation_and_guillemets_get_their_no_break_space():
    assert french_text("Pays : Mali ; Niger ? oui ! « citation »") == (
        f"Pays{NBSP}: Mali{NNBSP}; Niger{NNBSP}? oui{NNBSP}! «{NBSP}citation{NBSP}»"
    )


def test_text_without_a_space_before_the_mark_is_left_alone():
    # Times, URLs and ratios have no space before their colon: they are not French punctuation.
    assert french_text("à 22:13 sur https://example.org et 7/11") == "à 22:13 sur https://example.org et 7/11"


def test_only_text_changes_never_markup():
    page = (
        '<style>a { color : red ; }</style><p title="a : b">Source : <a href="x.html">IRG</a> ; fin</p>'
        "<script>if (a ? b : c) {}</script>"
    )
    assert french_spacing(page) == (
        '<style>a { color : red ; }</style><p title="a : b">Source'
        f'{NBSP}: <a href="x.html">IRG</a>{NNBSP}; fin</p>'
        "<script>if (a ? b : c) {}</script>"
    )
