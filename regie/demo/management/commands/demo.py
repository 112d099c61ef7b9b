"""`manage.py demo`: build the demo agglomeration and print its logins (see docs/demo.md)."""

import argparse
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from regie.demo import cleanup, generator, report


def share(value):
    number = float(value)
    if not 0 < number <= 1:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 1")
    return number


def positive(value):
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


class Command(BaseCommand):
    help = (
        "Build the demo agglomeration (three member communes of very different sizes, their departments, "
        "agents, contractors and one login per role) and print the logins. Does nothing if it exists already."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=generator.DEFAULT_SEED, help="random seed: same seed, same demo"
        )
        parser.add_argument("--scale", type=positive, default=1, help="multiply the volumes (benchmarks)")
        parser.add_argument(
            "--history", type=share, default=None, help="share of the two years of activity to build (default 1)"
        )
        parser.add_argument(
            "--reset", action="store_true", help="delete the demo organizations, their data and users, then rebuild"
        )
        parser.add_argument(
            "--insecure",
            action="store_true",
            help="build even with DEBUG off (the demo accounts share a published password)",
        )

    def handle(self, *, seed, scale, reset, insecure, history=None, **options):
        if not (settings.DEBUG or insecure):
            raise CommandError(
                "The demo accounts share a published password: build the demo on a development instance "
                "(REGIE_DEBUG=1), or pass --insecure if this instance is not reachable by anyone else."
            )
        with transaction.atomic():  # a failed rebuild keeps the previous demo
            if reset:
                self.delete()
            if generator.is_built():
                self.stdout.write(self.style.WARNING("demo already built") + " (manage.py demo --reset rebuilds it)")
            else:
                self.build(seed, scale, history, options["verbosity"])
        self.print_logins()

    def delete(self):
        started = time.perf_counter()
        try:
            deleted = cleanup.delete_demo()
        except cleanup.DemoDeletionError as error:
            raise CommandError(str(error)) from error
        if deleted:
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Demo deleted: {sum(deleted.values())} records in {elapsed:.1f} s.")

    def build(self, seed, scale, history, verbosity):
        started = time.perf_counter()
        demo = generator.build(seed=seed, scale=scale, history=history)
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Demo built in {elapsed:.1f} s (seed {seed}, scale {scale})."))
        if verbosity > 1:
            for name, seconds in demo.timings:
                self.stdout.write(f"  step {name}: {seconds:.2f} s")

    def print_logins(self):
        """What the apps' demo modules report (`regie.demo.report`): their figures, logins and notes."""
        for line in report.summary():
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        self.stdout.write(report.format_logins(report.logins()))
        self.stdout.write("")
        for note in report.notes():
            self.stdout.write(note)
        self.stdout.write(self.style.SUCCESS(f"Open {report.server_url()}"))
