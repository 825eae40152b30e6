"""``graphmodel synth -o DIR``: write a seeded synthetic dataset."""

from __future__ import annotations

import sys

import graphmodel as gm

from .options import EXIT_OK, add_command

__all__ = ["register", "run"]


def run(args) -> int:
    model = gm.synthesize(args.municipalities, args.collaborations, seed=args.seed)
    gm.save(model, args.output)
    print(f"wrote {model!r} to {args.output}", file=sys.stderr)
    return EXIT_OK


def register(subparsers) -> None:
    p = add_command(
        subparsers, "synth", run, reads_data=False,
        help="write a seeded synthetic dataset",
        example="graphmodel synth --municipalities 357 --collaborations 900 --seed 1 -o synth/",
    )
    p.add_argument("--municipalities", type=int, required=True, metavar="N")
    p.add_argument("--collaborations", type=int, required=True, metavar="M")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("-o", "--output", required=True, metavar="DIR")
