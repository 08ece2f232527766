"""The `dualuse` command line: a thin door over the same core the Python API uses.

Exit status: 0 done, 1 bad input (the message names file, line and field), 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from dualuse.cli import goods_cmd, lists_cmd, match_cmd, media_cmd, screen_cmd
from dualuse.cli.common import CliState
from dualuse.errors import DualuseError

app = typer.Typer(
    name="dualuse",
    help="Screen payments and trade deals for military and dual-use goods bound for Russia.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _global_options(
    ctx: typer.Context,
    lists: Annotated[
        list[Path] | None,
        typer.Option("--lists", help="List files or folders to use instead of the embedded default lists."),
    ] = None,
    watchlist: Annotated[
        list[Path] | None,
        typer.Option("--watchlist", help="Custom watchlist (JSON Lines) to screen against as well."),
    ] = None,
) -> None:
    ctx.obj = CliState(lists=list(lists or []), watchlists=list(watchlist or []))


for _module in (lists_cmd, match_cmd, goods_cmd, media_cmd, screen_cmd):
    _module.register(app)


def main() -> None:
    """Console entry point: bad input exits 1 with a located message, never a traceback.

    Typer's standalone mode already turns usage errors into exit status 2 with their message.
    """
    try:
        app()
    except DualuseError as error:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        sys.exit(1)
