"""A transcribed excerpt shown as a quotation: whole sentences, no markup, cuts marked."""

from toolkit.quotes import ELLIPSIS, clean_quote, strip_markup


def test_the_documents_markup_is_removed():
    assert (
        strip_markup("le rôle **désormais incitatif** des <i>bailleurs</i>")
        == "le rôle désormais incitatif des bailleurs"
    )


def test_an_excerpt_cut_mid_sentence_stops_at_the_last_full_sentence():
    # 004 l. 1744 as transcribed: 200 characters, the second sentence cut.
    excerpt = (
        "Ces derniers ont été noués plus particulièrement au sein de trois opérations pilotes emblématiques. "
        "Tout d'abord entre deux organisations de natures différentes que sont l'ONG GRET et le syndicat CGT"
    )
    assert clean_quote(excerpt) == (
        "Ces derniers ont été noués plus particulièrement au sein de trois opérations pilotes emblématiques."
    )


def test_without_a_full_sentence_the_cut_is_marked_at_both_ends():
    excerpt = "des institutions membres pour la réalisation des activités et projets, s'écouter mutuellement"
    assert clean_quote(excerpt) == f"{ELLIPSIS} {excerpt} {ELLIPSIS}"


def test_a_whole_sentence_is_left_as_it_is():
    assert clean_quote("Batik International") == f"Batik International {ELLIPSIS}"
    assert clean_quote("La plateforme s'est réunie.") == "La plateforme s'est réunie."
