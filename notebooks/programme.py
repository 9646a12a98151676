# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
# Parameters: papermill replaces these when the build runs.
clean_dir = "../data/clean"
narrative_dir = "../data/narrative"
config_path = "../programme.toml"
raw_dir = "../data/raw"
failures = []  # pages the build could not produce

# %%
from pathlib import Path

from IPython.display import display

from toolkit import evaluation, figures, narrative, pages, quality, results
from toolkit.config import load_config
from toolkit.portfolio import load, quarantined
from toolkit.provenance import data_hash

portfolio = load(clean_dir)
config = load_config(Path(config_path))
display(pages.report_title(config, Path(config_path), portfolio, failures))
display(pages.failed_pages(failures))

# %% [markdown]
# <h2 id="sommaire">Sommaire</h2>
#
# 0. [Fiche signalétique](#fiche) · 1. [Synthèse](#synthese) · 2. [Introduction](#introduction) · 3. [Contexte et logique d'intervention](#contexte) · 4. [Méthodologie](#methodologie) · 5. [Constats par critère](#constats) · 6. [Appréciation d'ensemble](#appreciation) · 7. [Conclusions](#conclusions) · 8. [Recommandations](#recommandations) · 9. [Enseignements](#enseignements) · 10. [Annexes](#annexes) · [Qualité des données](data-quality.html)

# %% [markdown]
# <h2 id="operations">Les opérations</h2>

# %%
display(pages.operation_links(portfolio, quarantined(clean_dir, "operations")))

# %% [markdown]
# <h2 id="fiche">0. Fiche signalétique</h2>

# %%
display(pages.fiche_signaletique(portfolio, config, data_hash(Path(raw_dir))))

# %% [markdown]
# <h2 id="synthese">1. Synthèse</h2>

# %%
display(narrative.section(narrative_dir, "synthese", "la synthèse de l'évaluation (objet, méthode, conclusions clés, recommandations, limites)"))
display(evaluation.ratings_overview(portfolio, config))

# %% [markdown]
# <h2 id="introduction">2. Introduction</h2>

# %%
display(narrative.section(narrative_dir, "introduction", "l'objet, les utilisateurs et le champ de l'évaluation"))
display(evaluation.matrix_summary(portfolio))

# %% [markdown]
# <h2 id="contexte">3. Contexte et logique d'intervention</h2>

# %%
display(narrative.section(narrative_dir, "contexte", "le contexte et la théorie du changement du programme"))

# %% [markdown]
# ### Portefeuille des opérations

# %%
display(pages.portfolio_table(portfolio))
display(figures.budget_and_grant(portfolio))
display(figures.people_reached(portfolio))
display(figures.countries(portfolio))
display(figures.themes(portfolio))
display(results.sdg_links(portfolio))

# %% [markdown]
# ### Prévu et réalisé

# %%
display(results.achievement_overview(portfolio))
display(results.programme_outputs(portfolio))

# %% [markdown]
# ### Agrégations : niveau, enjeu partagé, ODD et pays

# %%
for by in ("level", "shared_issue", "sdg", "country"):
    display(results.rollups(portfolio, by))

# %% [markdown]
# ### Les chiffres publiés du programme face aux données

# %%
display(pages.claims(portfolio))

# %% [markdown]
# ### Les documents face aux documents

# %%
display(pages.document_pairs(portfolio))

# %% [markdown]
# ### Points d'attention pour l'évaluateur

# %%
display(pages.points_of_attention(portfolio))

# %% [markdown]
# ### La phase suivante : projets annoncés

# %%
display(pages.phase2(portfolio))

# %% [markdown]
# <h2 id="methodologie">4. Méthodologie</h2>

# %%
display(narrative.section(narrative_dir, "methodologie", "la démarche, les outils de collecte et les limites"))
display(evaluation.rating_scale(config))
display(pages.documents(portfolio))
display(quality.accounting(portfolio))
display(quality.by_rule(portfolio))
display(pages.quality_link())

# %% [markdown]
# <h2 id="constats">5. Constats par critère</h2>

# %% [markdown]
# <h3 id="critere-pertinence">Pertinence</h3>

# %%
display(evaluation.programme_criterion(portfolio, "pertinence", config))
display(narrative.section(Path(narrative_dir) / "criteres", "pertinence", "la réponse aux questions de pertinence"))

# %% [markdown]
# <h3 id="critere-coherence">Cohérence</h3>

# %%
display(evaluation.programme_criterion(portfolio, "coherence", config))
display(narrative.section(Path(narrative_dir) / "criteres", "coherence", "la réponse aux questions de cohérence"))

# %% [markdown]
# <h3 id="critere-efficacite">Efficacité</h3>

# %%
display(evaluation.programme_criterion(portfolio, "efficacite", config))
display(narrative.section(Path(narrative_dir) / "criteres", "efficacite", "la réponse aux questions d'efficacité"))

# %% [markdown]
# <h3 id="critere-efficience">Efficience</h3>

# %%
display(evaluation.programme_criterion(portfolio, "efficience", config))
display(narrative.section(Path(narrative_dir) / "criteres", "efficience", "la réponse aux questions d'efficience"))

# %% [markdown]
# <h3 id="critere-impact">Impact</h3>

# %%
display(evaluation.programme_criterion(portfolio, "impact", config))
display(narrative.section(Path(narrative_dir) / "criteres", "impact", "la réponse aux questions d'impact"))

# %% [markdown]
# <h3 id="critere-durabilite">Durabilité</h3>

# %%
display(evaluation.programme_criterion(portfolio, "durabilite", config))
display(narrative.section(Path(narrative_dir) / "criteres", "durabilite", "la réponse aux questions de durabilité"))

# %% [markdown]
# <h2 id="appreciation">6. Appréciation d'ensemble</h2>

# %%
display(evaluation.ratings_overview(portfolio, config))
display(evaluation.evidence_map(portfolio, config))
display(narrative.section(narrative_dir, "appreciation", "l'appréciation d'ensemble"))

# %% [markdown]
# <h2 id="conclusions">7. Conclusions</h2>

# %%
display(narrative.section(narrative_dir, "conclusions", "les conclusions de l'évaluation"))

# %% [markdown]
# <h2 id="recommandations">8. Recommandations</h2>

# %%
display(narrative.section(narrative_dir, "recommandations", "les recommandations, numérotées et rattachées aux constats"))

# %% [markdown]
# <h2 id="enseignements">9. Enseignements</h2>

# %%
display(narrative.section(narrative_dir, "enseignements", "les enseignements transférables"))

# %% [markdown]
# <h2 id="annexes">10. Annexes</h2>
#
# ### Matrice d'évaluation

# %%
display(evaluation.matrix_annex(portfolio, config))

# %% [markdown]
# ### Cadre de résultats

# %%
display(results.results_framework(portfolio))

# %% [markdown]
# <h3 id="documents">Documents sources</h3>

# %%
display(pages.documents(portfolio))

# %% [markdown]
# ### Glossaire

# %%
display(evaluation.glossary())
