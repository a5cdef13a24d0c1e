"""An option that takes one value, given twice, is refused: Click would keep the last without a word."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("plan", "--at", "14:30", "--at", "15:30"), "--at given twice ('14:30' and '15:30'); give it once"),
        (("plan", "--tz", "UTC", "--tz=Pacific/Auckland"), "--tz given twice ('UTC' and 'Pacific/Auckland')"),
        (("plan", "--patient", "Ana", "--patient", "Bo"), "--patient given twice ('Ana' and 'Bo')"),
        (("batch", "x.csv", "--out", "a", "--out", "b"), "--out given twice ('a' and 'b')"),
        (("rules", "list", "--rules", "a.yaml", "--rules", "b.yaml"), "--rules given twice"),
    ],
)
def test_a_single_value_option_given_twice_is_refused(run_cli, args: tuple[str, ...], said: str) -> None:
    code, stdout, stderr = run_cli(*args)
    assert (code, stdout) == (2, "")
    assert said in stderr


def test_lists_switches_and_values_that_look_like_options_are_not_repeats(run_cli) -> None:
    # --skip takes a list; --force is a switch; the patient named "--tz" is a value, not the option.
    code, _, stderr = run_cli(
        "plan", "--skip", "drink-water", "--skip", "sunscreen", "--patient", "--tz", "--tz", "UTC",
        "--format", "json",
    )  # fmt: skip
    assert "given twice" not in stderr
    assert code == 0
    code, _, stderr = run_cli("plan", "--tz", "UTC", "--", "--tz")
    assert "given twice" not in stderr
