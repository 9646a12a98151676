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

# %%
from IPython.display import display

from toolkit.model.locate import page_inputs
from toolkit.report import quality
from toolkit.results.portfolio import load
from toolkit.results.slices import quality_view

inputs = page_inputs(config_path, clean_dir=clean_dir)
portfolio = quality_view(load(inputs.clean))

# %% [markdown]
# # Qualité des données
#
# Ce que les rapports ont lu, ce qu'ils ont écarté et pourquoi. Chaque problème nomme le fichier, la ligne (comptée comme dans un tableur, l'en-tête étant la ligne 1), la colonne, la valeur et la règle. Une erreur met la ligne en quarantaine ; un avertissement ne retire jamais de ligne.

# %% [markdown]
# ## Comptabilité des lignes

# %%
display(quality.accounting(portfolio))

# %% [markdown]
# ## Problèmes par règle et par opération

# %%
display(quality.by_rule(portfolio))
display(quality.by_operation(portfolio))

# %% [markdown]
# ## Lignes en quarantaine

# %%
display(quality.quarantine(inputs.clean))

# %% [markdown]
# ## Registre complet, par opération

# %%
display(quality.register(portfolio))

# %% [markdown]
# ## Avertissements examinés
#
# Les avertissements que l'évaluateur a examinés et acceptés tels quels, avec sa raison et la date (reviewed.csv) : ils ne sont plus répétés dans le terminal. Une erreur ne s'accepte pas : elle se corrige.

# %%
display(quality.reviewed(portfolio))
display(quality.back_to_report())
