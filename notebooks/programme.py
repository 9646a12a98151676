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

from toolkit.report.provenance import data_hash
from toolkit.model.config import load_config
from toolkit.report import context, evaluation, figures, framework, narrative, pages
from toolkit.results.portfolio import load, quarantined

portfolio = load(clean_dir)
config = load_config(Path(config_path))
display(pages.report_title(config))
display(pages.failed_pages(failures))
display(pages.quarantined_operations(quarantined(clean_dir, "operations")))

# %% [markdown]
# <h2 id="sommaire">Sommaire</h2>
#
# 0. [Fiche signalétique](#fiche) · 1. [Synthèse](#synthese) · 2. [Introduction](#introduction) · 3. [Contexte et logique d'intervention](#contexte) · 4. [Méthodologie](#methodologie) · 5. [Constats par critère](#constats) · 6. [Appréciation d'ensemble](#appreciation) · 7. [Conclusions](#conclusions) · 8. [Recommandations](#recommandations) · 9. [Enseignements](#enseignements) · 10. [Réponse de la direction](#reponse) · 11. [Annexes](#annexes)

# %% [markdown]
# <h2 id="fiche">0. Fiche signalétique</h2>

# %%
display(pages.fiche_signaletique(portfolio, config, data_hash(Path(raw_dir))))

# %% [markdown]
# <h2 id="synthese">1. Synthèse</h2>

# %%
display(narrative.slot(narrative_dir, "synthese"))
display(evaluation.programme_ratings(portfolio, config))

# %% [markdown]
# <h2 id="introduction">2. Introduction</h2>

# %%
display(narrative.slot(narrative_dir, "introduction"))
display(context.scope(portfolio, config))
display(evaluation.matrix_summary(portfolio))

# %% [markdown]
# <h2 id="contexte">3. Contexte et logique d'intervention</h2>

# %%
display(context.programme_context(portfolio))
display(narrative.slot(narrative_dir, "contexte"))

# %% [markdown]
# <h3 id="operations">Les opérations</h3>

# %%
display(pages.portfolio_table(portfolio))
display(figures.budget_and_grant(portfolio))
display(figures.people_reached(portfolio))
display(figures.countries(portfolio))

# %% [markdown]
# ### Prévu et réalisé

# %%
display(framework.achievement_overview(portfolio))
display(pages.points_of_attention(portfolio))

# %% [markdown]
# <h2 id="methodologie">4. Méthodologie</h2>

# %%
display(context.methodology(portfolio))
display(evaluation.rating_scale(config))
display(context.limitations(portfolio))
display(narrative.slot(narrative_dir, "methodologie"))

# %% [markdown]
# <h2 id="constats">5. Constats par critère</h2>

# %% [markdown]
# <h3 id="critere-pertinence">Pertinence</h3>

# %%
display(evaluation.programme_criterion(portfolio, "pertinence", config))
display(narrative.slot(narrative_dir, "criteres/pertinence"))

# %% [markdown]
# <h3 id="critere-coherence">Cohérence</h3>

# %%
display(evaluation.programme_criterion(portfolio, "coherence", config))
display(narrative.slot(narrative_dir, "criteres/coherence"))

# %% [markdown]
# <h3 id="critere-efficacite">Efficacité</h3>

# %%
display(evaluation.programme_criterion(portfolio, "efficacite", config))
display(narrative.slot(narrative_dir, "criteres/efficacite"))

# %% [markdown]
# <h3 id="critere-efficience">Efficience</h3>

# %%
display(evaluation.programme_criterion(portfolio, "efficience", config))
display(narrative.slot(narrative_dir, "criteres/efficience"))

# %% [markdown]
# <h3 id="critere-impact">Impact</h3>

# %%
display(evaluation.programme_criterion(portfolio, "impact", config))
display(narrative.slot(narrative_dir, "criteres/impact"))

# %% [markdown]
# <h3 id="critere-durabilite">Durabilité</h3>

# %%
display(evaluation.programme_criterion(portfolio, "durabilite", config))
display(narrative.slot(narrative_dir, "criteres/durabilite"))

# %% [markdown]
# <h3 id="transversal">Genre et thèmes transversaux</h3>

# %%
display(narrative.slot(narrative_dir, "transversal"))

# %% [markdown]
# <h2 id="appreciation">6. Appréciation d'ensemble</h2>

# %%
display(figures.ratings_heatmap(portfolio, config))
display(evaluation.ratings_overview(portfolio, config))
display(narrative.slot(narrative_dir, "appreciation"))

# %% [markdown]
# <h2 id="conclusions">7. Conclusions</h2>

# %%
display(narrative.slot(narrative_dir, "conclusions"))

# %% [markdown]
# <h2 id="recommandations">8. Recommandations</h2>

# %%
display(narrative.slot(narrative_dir, "recommandations"))

# %% [markdown]
# <h2 id="enseignements">9. Enseignements</h2>

# %%
display(narrative.slot(narrative_dir, "enseignements"))

# %% [markdown]
# <h2 id="reponse">10. Réponse de la direction</h2>

# %%
display(narrative.slot(narrative_dir, "reponse-direction"))

# %% [markdown]
# <h2 id="annexes">11. Annexes</h2>

# %%
display(pages.annex_links())
