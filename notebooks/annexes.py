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
config_path = None
narrative_dir = None

# %%
from IPython.display import display

from toolkit.model.config import load_config
from toolkit.model.locate import page_inputs
from toolkit.report import evaluation, figures, framework, narrative, pages, question_findings
from toolkit.report import surveys as survey_blocks
from toolkit.results.portfolio import load
from toolkit.results.surveys import load_surveys

inputs = page_inputs(config_path, clean_dir=clean_dir, narrative_dir=narrative_dir)
portfolio = load(inputs.clean)
surveys = load_surveys(inputs.clean)
config = load_config(inputs.config)

# %% [markdown]
# # Annexes du rapport d'évaluation
#
# Le détail sur lequel s'appuie le [rapport](index.html) : la matrice d'évaluation complète, le cadre de résultats, les agrégations, les chiffres publiés confrontés aux données, les documents sources, les sigles et le glossaire.

# %% [markdown]
# <h2 id="matrice">A. Matrice d'évaluation</h2>

# %%
display(evaluation.matrix_annex(portfolio, surveys))

# %% [markdown]
# <h2 id="descriptives">B. Passages des documents et questions descriptives</h2>
#
# <h3 id="passages" class="ev-web-only">Passages par question évaluative</h3>

# %%
display(question_findings.passages_annex(portfolio))

# %% [markdown]
# <h3 id="questions-descriptives">Questions descriptives des documents</h3>

# %%
display(evaluation.capitalisation_annex(portfolio, config))
display(evaluation.evidence_map(portfolio))

# %% [markdown]
# <h2 id="cadre">C. Cadre de résultats</h2>

# %%
display(framework.results_framework(portfolio))
display(framework.programme_outputs(portfolio))
display(framework.sdg_links(portfolio))

# %% [markdown]
# <h2 id="agregations">D. Agrégations</h2>
#
# Cibles additionnées par groupe d'opérations, seulement quand un groupe en réunit plusieurs pour un même indicateur.

# %%
display(framework.rollups_section(portfolio))
display(figures.themes(portfolio))

# %% [markdown]
# <h2 id="chiffres-publies">E. Les chiffres publiés face aux données et aux autres documents</h2>

# %%
display(pages.claims(portfolio))
display(pages.document_pairs(portfolio))

# %% [markdown]
# <h2 id="phase-suivante">F. La phase suivante : projets annoncés</h2>

# %%
display(pages.phase2(portfolio))

# %% [markdown]
# <h2 id="documents">G. Documents sources</h2>

# %%
display(pages.documents(portfolio))
if len(surveys.surveys):
    display(survey_blocks.surveys_annex(surveys, portfolio.accounting, evaluation.question_numbers(portfolio.questions)))
if len(portfolio.conversions):
    display(pages.exchange_rates(portfolio))

# %% [markdown]
# <h2 id="sigles">H. Sigles et acronymes</h2>

# %%
display(pages.acronyms(portfolio))

# %% [markdown]
# <h2 id="glossaire">I. Glossaire</h2>

# %%
display(evaluation.glossary())

# %% [markdown]
# <h2 id="termes-de-reference">J. Termes de référence</h2>

# %%
display(narrative.slot(inputs.narrative, "annexes/termes-de-reference"))

# %% [markdown]
# <h2 id="personnes-et-sites">K. Personnes et sites rencontrés</h2>

# %%
display(narrative.slot(inputs.narrative, "annexes/personnes-et-sites"))

# %% [markdown]
# <h2 id="outils-de-collecte">L. Outils de collecte</h2>

# %%
display(narrative.slot(inputs.narrative, "annexes/outils-de-collecte"))
