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
# Parameters: papermill replaces these for each operation. Paths left None come from the
# programme.toml found from where the notebook runs (or named by $EVALUATION_TOOLKIT_CONFIG).
operation_id = "batik-echangeons"
clean_dir = None
narrative_dir = None
config_path = None

# %%
from IPython.display import display

from toolkit.model.config import load_config
from toolkit.model.locate import page_inputs
from toolkit.report import evaluation, figures, framework, narrative, pages, surveys
from toolkit.results.portfolio import load
from toolkit.results.slices import operation_survey_view, operation_view
from toolkit.results.surveys import load_surveys

inputs = page_inputs(config_path, clean_dir=clean_dir, narrative_dir=narrative_dir)
# The page sees only its operation's rows: the build can then tell when it must run again.
portfolio = operation_view(load(inputs.clean), operation_id)
survey_view = operation_survey_view(load_surveys(inputs.clean), operation_id)
config = load_config(inputs.config)
display(pages.operation_header(portfolio, operation_id, config))
display(pages.operation_nav(portfolio, operation_id))

# %% [markdown]
# ## Fiche d'identité

# %%
display(pages.identity(portfolio, operation_id))
display(pages.participants(portfolio, operation_id))

# %% [markdown]
# ### Financement

# %%
display(pages.finances(portfolio, operation_id))

# %% [markdown]
# ## En bref : l'opération parmi les autres

# %%
display(pages.among_others(portfolio, operation_id))

# %% [markdown]
# ## Logique d'intervention
#
# Ce que la fiche de l'opération prévoyait : son objectif, ses résultats attendus et ses activités, avec les cibles chiffrées qu'elle énonce, puis les publics qu'elle compte.

# %%
display(pages.logframe(portfolio, operation_id))
display(pages.people(portfolio, operation_id))

# %% [markdown]
# ## Résultats et indicateurs

# %%
display(framework.indicator_table(portfolio, operation_id))
display(figures.progress(portfolio, operation_id, config.status))
display(surveys.operation_surveys(survey_view))

# %% [markdown]
# ## Appréciation par critère

# %%
display(evaluation.operation_assessment(portfolio, operation_id, config))

# %% [markdown]
# ### Passages des documents qui citent l'opération, question par question

# %%
display(evaluation.operation_evidence(portfolio, operation_id))

# %% [markdown]
# ## Appréciation et enseignements

# %%
display(narrative.operation_slot(inputs.narrative, operation_id))

# %% [markdown]
# ## Qualité des données et limites

# %%
display(pages.findings(portfolio, operation_id))
display(pages.quality_link(from_operations=True, operation_id=operation_id))

# %% [markdown]
# <h2 id="sources">Sources</h2>

# %%
display(pages.sources(portfolio, operation_id))
display(pages.operation_nav(portfolio, operation_id, "bas"))
