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
# Parameters: papermill replaces these when the build runs. Paths left None come from the
# programme.toml found from where the notebook runs (or named by $EVALUATION_TOOLKIT_CONFIG).
clean_dir = None
narrative_dir = None
config_path = None
raw_dir = None
failures = []  # pages the build could not produce

# %%
from IPython.display import display

from toolkit.model.config import load_config
from toolkit.model.locate import page_inputs
from toolkit.report import context, evaluation, figures, key_facts, narrative, pages, question_findings
from toolkit.report.provenance import data_hash
from toolkit.results.portfolio import load, quarantined
from toolkit.results.surveys import load_surveys

inputs = page_inputs(config_path, raw_dir=raw_dir, narrative_dir=narrative_dir, clean_dir=clean_dir)
portfolio = load(inputs.clean)
surveys = load_surveys(inputs.clean)
config = load_config(inputs.config)
display(pages.report_title(config))
display(pages.failed_pages(failures))
display(pages.quarantined_operations(quarantined(inputs.clean, "operations")))

# %% [markdown]
# <h2 id="sommaire">Sommaire</h2>
#
# 0. [Fiche signalétique](#fiche) · 1. [Synthèse](#synthese) · 2. [Introduction](#introduction) · 3. [Contexte et logique d'intervention](#contexte) · 4. [Méthodologie](#methodologie) · 5. [Constats par critère](#constats) · 6. [Appréciation d'ensemble](#appreciation) · 7. [Conclusions](#conclusions) · 8. [Recommandations](#recommandations) · 9. [Enseignements](#enseignements) · 10. [Réponse de la direction](#reponse) · 11. [Annexes](#annexes)

# %% [markdown]
# <h2 id="fiche">0. Fiche signalétique</h2>

# %%
display(pages.fiche_signaletique(portfolio, config, data_hash(inputs.raw)))

# %% [markdown]
# <h2 id="synthese">1. Synthèse</h2>

# %%
display(key_facts.key_facts(portfolio))
display(narrative.slot(inputs.narrative, "synthese"))
display(evaluation.programme_ratings(portfolio, config))

# %% [markdown]
# <h2 id="introduction">2. Introduction</h2>

# %%
display(narrative.slot(inputs.narrative, "introduction"))
display(context.scope(portfolio, config))

# %% [markdown]
# <h2 id="contexte">3. Contexte et logique d'intervention</h2>

# %%
display(context.programme_context(portfolio))
display(narrative.slot(inputs.narrative, "contexte"))

# %% [markdown]
# <h3 id="operations">Les opérations</h3>

# %%
display(pages.portfolio_table(portfolio))
display(figures.budget_and_grant(portfolio))
display(figures.people_reached(portfolio))
display(figures.countries(portfolio))

# %% [markdown]
# <h2 id="methodologie">4. Méthodologie</h2>

# %%
display(context.methodology(portfolio, surveys))
display(evaluation.rating_scale(config))
display(narrative.slot(inputs.narrative, "methodologie"))

# %% [markdown]
# <h3 id="equipe">Équipe, indépendance et éthique</h3>

# %%
display(narrative.slot(inputs.narrative, "equipe"))

# %% [markdown]
# <h2 id="constats">5. Constats par critère</h2>

# %%
display(question_findings.introduction(surveys))

# %% [markdown]
# <h3 id="critere-pertinence">Pertinence</h3>

# %%
display(question_findings.criterion_findings(portfolio, "pertinence", config, surveys))
display(narrative.slot(inputs.narrative, "criteres/pertinence"))

# %% [markdown]
# <h3 id="critere-coherence">Cohérence</h3>

# %%
display(question_findings.criterion_findings(portfolio, "coherence", config, surveys))
display(narrative.slot(inputs.narrative, "criteres/coherence"))

# %% [markdown]
# <h3 id="critere-efficacite">Efficacité</h3>

# %%
display(question_findings.criterion_findings(portfolio, "efficacite", config, surveys))
display(narrative.slot(inputs.narrative, "criteres/efficacite"))

# %% [markdown]
# <h3 id="critere-efficience">Efficience</h3>

# %%
display(question_findings.criterion_findings(portfolio, "efficience", config, surveys))
display(narrative.slot(inputs.narrative, "criteres/efficience"))

# %% [markdown]
# <h3 id="critere-impact">Impact</h3>

# %%
display(question_findings.criterion_findings(portfolio, "impact", config, surveys))
display(narrative.slot(inputs.narrative, "criteres/impact"))

# %% [markdown]
# <h3 id="critere-durabilite">Durabilité</h3>

# %%
display(question_findings.criterion_findings(portfolio, "durabilite", config, surveys))
display(narrative.slot(inputs.narrative, "criteres/durabilite"))

# %% [markdown]
# <h3 id="transversal">Genre et thèmes transversaux</h3>

# %%
display(narrative.slot(inputs.narrative, "transversal"))

# %% [markdown]
# <h2 id="appreciation">6. Appréciation d'ensemble</h2>

# %%
display(figures.ratings_heatmap(portfolio, config))
display(evaluation.ratings_overview(portfolio, config))
display(narrative.slot(inputs.narrative, "appreciation"))

# %% [markdown]
# <h2 id="conclusions">7. Conclusions</h2>

# %%
display(narrative.slot(inputs.narrative, "conclusions", evaluation.numbered_questions(portfolio.questions)))

# %% [markdown]
# <h2 id="recommandations">8. Recommandations</h2>

# %%
display(narrative.slot(inputs.narrative, "recommandations"))

# %% [markdown]
# <h2 id="enseignements">9. Enseignements</h2>

# %%
display(narrative.slot(inputs.narrative, "enseignements"))

# %% [markdown]
# <h2 id="reponse">10. Réponse de la direction</h2>

# %%
display(narrative.slot(inputs.narrative, "reponse-direction"))

# %% [markdown]
# <h2 id="annexes">11. Annexes</h2>

# %%
display(pages.annex_links())
