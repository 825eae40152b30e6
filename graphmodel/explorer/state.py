"""The explorer's door to its state: the data in use, the language, cached calls, option lists.

The names live in modules by concept; this module only re-exports the ones the explorer
used from here before they were split. New code imports from the concept modules:

``data_in_use``  the dataset version in use per browser session, the server's workspace;
``language``     the language of a session;
``cache``        cached calls into the library (``compute``, ``freeze``);
``choices``      option lists for the pickers and the "Members of" filter.
"""

from __future__ import annotations

from .cache import compute, freeze
from .choices import actor_options, council_filter, council_options, date_span, only_members
from .data_in_use import (
    BUNDLED_NAME,
    DATA_ENV,
    EXAMPLE_DATA,
    WORKSPACE_ENV,
    bundled_model,
    model_in_use,
    open_link_data,
    opened_datasets,
    start_data,
    start_problem,
    use_model,
    use_new_version,
    use_version,
    version_in_use,
    workspace_in_use,
    workspace_problem,
)
from .language import LANG_ENV, LANG_KEY, choose_language

__all__ = [
    "BUNDLED_NAME",
    "DATA_ENV",
    "EXAMPLE_DATA",
    "LANG_ENV",
    "LANG_KEY",
    "WORKSPACE_ENV",
    "actor_options",
    "bundled_model",
    "choose_language",
    "compute",
    "council_filter",
    "council_options",
    "date_span",
    "freeze",
    "model_in_use",
    "only_members",
    "open_link_data",
    "opened_datasets",
    "start_data",
    "start_problem",
    "use_model",
    "use_new_version",
    "use_version",
    "version_in_use",
    "workspace_in_use",
    "workspace_problem",
]
