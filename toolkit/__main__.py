from toolkit.cli.startup import run_command

run_command()
