"""The sub-commands behind `gradtui check`, `gradtui print` and `gradtui grad`.

Each module has `run(...) -> int` returning the process exit code; cli.py only parses
arguments and picks which one to call.
"""
