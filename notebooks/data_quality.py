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
config_path = "../programme.toml"

# %%
from IPython.display import display

from toolkit.results.slices import quality_view
from toolkit.report import quality
from toolkit.results.portfolio import load
from toolkit.text.html import Html

portfolio = quality_view(load(clean_dir))

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
display(quality.quarantine(clean_dir))

# %% [markdown]
# ## Registre complet, par opération

# %%
display(quality.register(portfolio))
display(Html('<p><a href="index.html">← Retour au rapport du programme</a></p>'))
