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
# Parameters: papermill replaces these for each operation.
operation_id = "batik-echangeons"
clean_dir = "../data/clean"
narrative_dir = "../data/narrative"
config_path = "../programme.toml"

# %%
from pathlib import Path

from IPython.display import display

from toolkit.results.slices import operation_view
from toolkit.model.config import load_config
from toolkit.report import evaluation, figures, framework, narrative, pages
from toolkit.results.portfolio import load

# The page sees only its operation's rows: the build can then tell when it must run again.
portfolio = operation_view(load(clean_dir), operation_id)
config = load_config(Path(config_path))
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
display(figures.progress(portfolio, operation_id))

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
display(narrative.operation_slot(narrative_dir, operation_id))

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
