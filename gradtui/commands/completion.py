"""`gradtui completion bash|zsh|fish`: a shell completion script, printed for the learner to
install; and `gradtui completion lessons [DIR]`, which the scripts call as they complete to
list the lessons' numbers and slugs.

The options come from the command line's own parsers (their `--help` text), so a new option
is offered without anyone editing this file. zsh runs the bash function through its
`bashcompinit`, the usual way; fish gets its own `complete` lines.
"""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

from gradtui.commands import lessons_folder, say

SHELLS = ("bash", "zsh", "fish")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
# Options followed by a value the shell cannot guess; --lessons takes a folder.
TAKES_A_VALUE = ("--step", "--port", "--host", "--token", "--max-sessions", "--allow-host",
                 "--theme", "--at")  # fmt: skip


def options_of(parser: argparse.ArgumentParser) -> list[str]:
    """Every long option in the options section of a parser's --help, in order, each once
    (the description above it may name other commands' options)."""
    _, _, section = parser.format_help().partition("\noptions:\n")
    return list(dict.fromkeys(OPTION.findall(section)))


def lesson_words(lessons_dir: str | None = None) -> list[str]:
    """The numbers and slugs of the lessons in a folder (the built-in ones by default)."""
    from gradtui.script.outline import lesson_files, lesson_name

    try:
        paths = lesson_files(lessons_folder(lessons_dir))
    except OSError:
        return []
    words: list[str] = []
    for path in paths:
        number, slug = lesson_name(path)
        if number is not None:
            words.append(str(number))
        if slug.isprintable() and not any(c.isspace() for c in slug):
            words.append(slug)
    return words


def bash_script(commands: dict[str, list[str]]) -> str:
    """The bash completion function for `gradtui` (zsh sources it through bashcompinit)."""
    names = [name for name in commands if name]
    subcommands, any_subcommand = " ".join(names), "|".join(names)
    cases = "\n".join(
        f"        {name or SHELL_EMPTY}) opts={shlex.quote(' '.join(options))} ;;"
        for name, options in commands.items()
    )
    valued, shells = "|".join(TAKES_A_VALUE), " ".join(SHELLS)
    return f"""# gradtui completion for bash: source this file, or put it in
# ~/.local/share/bash-completion/completions/gradtui
_gradtui() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local sub="" folder="" i word
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        case "$word" in
            {any_subcommand}) [[ -z $sub ]] && sub="$word" ;;
            --lessons) folder="${{COMP_WORDS[i+1]}}" ;;
        esac
    done
    case "$prev" in
        --lessons) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        {valued}) return ;;
    esac
    local opts=""
    case "$sub" in
{cases}
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    local lessons
    lessons="$(gradtui completion lessons ${{folder:+"$folder"}} 2>/dev/null)"
    case "$sub" in
        "") COMPREPLY=($(compgen -W "{subcommands} $lessons" -- "$cur")) ;;
        print) COMPREPLY=($(compgen -W "$lessons" -- "$cur")) ;;
        progress) [[ $prev == --reset ]] && COMPREPLY=($(compgen -W "$lessons" -- "$cur")) ;;
        check) COMPREPLY=($(compgen -W "$lessons" -- "$cur") $(compgen -f -- "$cur")) ;;
        completion) COMPREPLY=($(compgen -W "{shells} lessons" -- "$cur")) ;;
    esac
}}
complete -F _gradtui gradtui
"""


def zsh_script(commands: dict[str, list[str]]) -> str:
    """zsh: the bash function through zsh's bashcompinit."""
    return (
        '# gradtui completion for zsh: add to ~/.zshrc:  eval "$(gradtui completion zsh)"\n'
        "autoload -U +X compinit && compinit\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(commands)
    )


def fish_script(commands: dict[str, list[str]]) -> str:
    """fish: one `complete` line per subcommand and option."""
    names = [name for name in commands if name]
    none_yet = f"not __fish_seen_subcommand_from {' '.join(names)}"
    lines = [
        "# gradtui completion for fish: save as ~/.config/fish/completions/gradtui.fish",
        "complete -c gradtui -f",
        f"complete -c gradtui -n '{none_yet}' -a '{' '.join(names)}'",
        f"complete -c gradtui -n '{none_yet}' -a '(gradtui completion lessons 2>/dev/null)'",
        "complete -c gradtui -n '__fish_seen_subcommand_from print check' "
        "-a '(gradtui completion lessons 2>/dev/null)'",
        "complete -c gradtui -n '__fish_seen_subcommand_from check' -F",
        f"complete -c gradtui -n '__fish_seen_subcommand_from completion' "
        f"-a '{' '.join(SHELLS)} lessons'",
    ]
    for name, options in commands.items():
        when = none_yet if not name else f"__fish_seen_subcommand_from {name}"
        for option in options:
            value = " -r" if option in TAKES_A_VALUE else ""
            folder = " -r -a '(__fish_complete_directories)'" if option == "--lessons" else ""
            lines.append(f"complete -c gradtui -n '{when}' -l {option[2:]}{value}{folder}")
    return "\n".join(lines) + "\n"


SHELL_EMPTY = '""'  # the case label of no subcommand yet

SCRIPTS = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}


def run(what: str, folder: str | None, parsers: dict[str, argparse.ArgumentParser]) -> int:
    """Print the script for a shell, or (`what` = "lessons") the lesson words of `folder`."""
    if what == "lessons":
        if folder is not None and not Path(folder).expanduser().is_dir():
            return 1
        print("\n".join(lesson_words(folder)))
        return 0
    if what not in SCRIPTS:
        say(f"gradtui completion: choose one of {', '.join(SHELLS)} (or lessons), not {what!r}")
        return 2
    commands = {name: options_of(parser) for name, parser in parsers.items()}
    print(SCRIPTS[what](commands), end="")
    return 0
