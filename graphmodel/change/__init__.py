"""Change: one comparison of two models (two dates, two versions, or the data and a
what-if), and the what-if scenarios with their edits.

The names below are this package's public door; each is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .compare import (
        CHANGE_COLUMNS as CHANGE_COLUMNS,
        CHANGE_KINDS as CHANGE_KINDS,
        DIFF_COLUMNS as DIFF_COLUMNS,
        LABEL_COLUMNS as LABEL_COLUMNS,
        Comparison as Comparison,
        actor_changes as actor_changes,
        changes as changes,
        compare_dates as compare_dates,
        council_changes as council_changes,
        diff_table as diff_table,
    )
    from .edit_checks import (
        MAX_DIGITS as MAX_DIGITS,
        MAX_NOTE as MAX_NOTE,
        OPS as OPS,
        EditProblem as EditProblem,
        EditRecorder as EditRecorder,
        check_edit as check_edit,
        check_text as check_text,
        is_writable as is_writable,
        member_id as member_id,
        member_role as member_role,
        show_value as show_value,
        to_plain as to_plain,
    )
    from .edits import (
        ROLE_RANK as ROLE_RANK,
        apply_edits as apply_edits,
    )
    from .scenario import (
        EDIT_COLUMNS as EDIT_COLUMNS,
        SCHEMA_VERSION as SCHEMA_VERSION,
        Scenario as Scenario,
        ScenarioEditError as ScenarioEditError,
        ScenarioError as ScenarioError,
        apply_scenario as apply_scenario,
        read_scenario as read_scenario,
        scenario_problems as scenario_problems,
        write_scenario as write_scenario,
    )
    from .tables import (
        DIFF_TABLES as DIFF_TABLES,
    )

_NAMES = {
    "CHANGE_COLUMNS": "compare",
    "CHANGE_KINDS": "compare",
    "Comparison": "compare",
    "DIFF_COLUMNS": "compare",
    "LABEL_COLUMNS": "compare",
    "actor_changes": "compare",
    "changes": "compare",
    "compare_dates": "compare",
    "council_changes": "compare",
    "diff_table": "compare",
    "EditProblem": "edit_checks",
    "EditRecorder": "edit_checks",
    "MAX_DIGITS": "edit_checks",
    "MAX_NOTE": "edit_checks",
    "OPS": "edit_checks",
    "check_edit": "edit_checks",
    "check_text": "edit_checks",
    "is_writable": "edit_checks",
    "member_id": "edit_checks",
    "member_role": "edit_checks",
    "show_value": "edit_checks",
    "to_plain": "edit_checks",
    "ROLE_RANK": "edits",
    "apply_edits": "edits",
    "EDIT_COLUMNS": "scenario",
    "SCHEMA_VERSION": "scenario",
    "Scenario": "scenario",
    "ScenarioEditError": "scenario",
    "ScenarioError": "scenario",
    "apply_scenario": "scenario",
    "read_scenario": "scenario",
    "scenario_problems": "scenario",
    "write_scenario": "scenario",
    "DIFF_TABLES": "tables",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
