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
    )
    from .compare import (
        CHANGE_KINDS as CHANGE_KINDS,
    )
    from .compare import (
        DIFF_COLUMNS as DIFF_COLUMNS,
    )
    from .compare import (
        DIFF_TABLES as DIFF_TABLES,
    )
    from .compare import (
        LABEL_COLUMNS as LABEL_COLUMNS,
    )
    from .compare import (
        Comparison as Comparison,
    )
    from .compare import (
        actor_changes as actor_changes,
    )
    from .compare import (
        changes as changes,
    )
    from .compare import (
        compare_dates as compare_dates,
    )
    from .compare import (
        council_changes as council_changes,
    )
    from .compare import (
        diff_table as diff_table,
    )
    from .edit_checks import (
        MAX_DIGITS as MAX_DIGITS,
    )
    from .edit_checks import (
        MAX_NOTE as MAX_NOTE,
    )
    from .edit_checks import (
        OPS as OPS,
    )
    from .edit_checks import (
        EditProblem as EditProblem,
    )
    from .edit_checks import (
        EditRecorder as EditRecorder,
    )
    from .edit_checks import (
        check_edit as check_edit,
    )
    from .edit_checks import (
        check_text as check_text,
    )
    from .edit_checks import (
        is_writable as is_writable,
    )
    from .edit_checks import (
        member_id as member_id,
    )
    from .edit_checks import (
        member_role as member_role,
    )
    from .edit_checks import (
        show_value as show_value,
    )
    from .edit_checks import (
        to_plain as to_plain,
    )
    from .edits import (
        ROLE_RANK as ROLE_RANK,
    )
    from .edits import (
        apply_edits as apply_edits,
    )
    from .scenario import (
        EDIT_COLUMNS as EDIT_COLUMNS,
    )
    from .scenario import (
        SCHEMA_VERSION as SCHEMA_VERSION,
    )
    from .scenario import (
        Scenario as Scenario,
    )
    from .scenario import (
        ScenarioEditError as ScenarioEditError,
    )
    from .scenario import (
        ScenarioError as ScenarioError,
    )
    from .scenario import (
        apply_scenario as apply_scenario,
    )
    from .scenario import (
        read_scenario as read_scenario,
    )
    from .scenario import (
        scenario_problems as scenario_problems,
    )
    from .scenario import (
        write_scenario as write_scenario,
    )

_NAMES = {
    "CHANGE_COLUMNS": "compare",
    "CHANGE_KINDS": "compare",
    "Comparison": "compare",
    "DIFF_COLUMNS": "compare",
    "DIFF_TABLES": "compare",
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
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
