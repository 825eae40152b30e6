"""The dyad model: what explains who cooperates with whom (logistic regression with MRQAP).

One row per pair of kept municipalities; the outcome ``tie`` is 1 when they share at least
one filtered collaboration. It is explained by ``log_km`` (the log of 1 + the great-circle
distance in km), ``same_ba_region``, ``same_county``, ``same_council`` and
``size_similarity`` (min/max population). The logistic regression is fitted by statsmodels
(a well-kept, validated GLM with standard errors); the p-values come from permutations,
because pairs that share a municipality are not independent: multiple regression QAP with
Dekker's semi-partialling (each variable is residualised on the others, and the rows and
columns of the residual matrix are permuted together).

References: Krackhardt, D. (1988) *Predicting with networks*, Social Networks 10;
Dekker, D., Krackhardt, D. & Snijders, T. A. B. (2007) *Sensitivity of MRQAP tests to
collinearity and autocorrelation conditions*, Psychometrika 72; shared/DESIGN.md, "What
explains who cooperates".
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Unpack

import numpy as np
import pandas as pd
import scipy.sparse as sp

from graphmodel.analysis.incidence import council_selection
from graphmodel.analysis.suggest import haversine_km
from graphmodel.data.model import Model
from graphmodel.data.select import Filters, check_filters, select

# absolute imports: graphmodel.analysis is a namespace package until its door is made
from graphmodel.errors import SpecError
from graphmodel.i18n import integer, ntr, number, tr
from graphmodel.reference import ba_regions

__all__ = [
    "DRIVER_COLUMNS",
    "EXPECTED_COLUMNS",
    "MAX_ACTORS",
    "VARIABLES",
    "DyadModel",
    "driver_sentences",
    "drivers",
    "dyad_model",
    "expected_pairs",
    "qap_pvalues",
    "variable_label",
]

#: the explanatory variables, in the order of the drivers table
VARIABLES = ("log_km", "same_ba_region", "same_county", "same_council", "size_similarity")
#: the columns of the drivers table (``note`` follows: why a variable was left out)
DRIVER_COLUMNS = ["variable", "odds_ratio", "ci_low", "ci_high", "p_value", "n_pairs", "n_ties"]
#: the columns of the expected-pairs table
EXPECTED_COLUMNS = [
    "a", "b", "probability", "distance_km", "same_ba_region", "same_county", "same_council",
    "a_name", "b_name",
]
#: the most municipalities the model takes at once (about 200,000 pairs): beyond, the
#: permutations would take minutes; narrow the data with --country or --region
MAX_ACTORS = 633
#: the confidence level of the intervals
LEVEL = 0.95


@dataclass(frozen=True, eq=False)
class DyadModel:
    """A fitted dyad model.

    Attributes
    ----------
    pairs : pandas.DataFrame
        The pairs used: ``a, b`` (ids, ``a < b``), ``tie`` (0/1), ``distance_km``, the
        five variables (``log_km`` … ``size_similarity``; a variable left out is still
        shown where known), ``probability`` (fitted; NaN when no model could be fitted).
    variables : tuple of str
        The variables in the fitted model.
    drivers : pandas.DataFrame
        One row per variable of :data:`VARIABLES`: :data:`DRIVER_COLUMNS`, then ``note``
        (empty for a variable in the model, else why it was left out).
    left_out : pandas.DataFrame
        The kept actors left out of every pair, with why: ``id, name, reason``.
    n_pairs_left_out : int
        The pairs among the kept actors that the model could not use (because of
        ``left_out``).
    notes : list of str
        Every variable and pair left out, in words (the command line prints them).
    """

    pairs: pd.DataFrame
    variables: tuple[str, ...]
    drivers: pd.DataFrame
    left_out: pd.DataFrame
    n_pairs_left_out: int
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- the pairs


def _text(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    return frame[column].astype(object).fillna("").astype(str).str.strip().to_numpy(dtype=object)


def _actor_facts(model: Model, filters: dict) -> pd.DataFrame:
    """The kept actors with what the model needs: coordinates, population, regions, councils."""
    sel = select(model, **filters)
    actors = sel.actors.reset_index(drop=True)
    population = pd.to_numeric(actors["population"], errors="coerce").astype("float64")
    councils = council_selection(model, **filters)
    return pd.DataFrame({
        "id": actors["id"].to_numpy(dtype=object),
        "name": actors["name"].to_numpy(dtype=object),
        "lat": actors["lat"].to_numpy(dtype=np.float64),
        "lon": actors["lon"].to_numpy(dtype=np.float64),
        "population": population.to_numpy(),
        "ba_region": ba_regions(actors).to_numpy(dtype=object),
        "county": _text(actors, "region"),
        "row": np.arange(len(actors)),
    }), sp.csr_matrix(sel.B), sp.csr_matrix(councils.B)


def _missing_reasons(facts: pd.DataFrame, wanted: list[str]) -> pd.Series:
    """Why each actor cannot be in a pair ("" when it can), for the variables wanted."""
    reasons = pd.Series([""] * len(facts), index=facts.index, dtype=object)

    def add(mask, words):
        reasons[mask] = np.where(reasons[mask] == "", words, reasons[mask] + "; " + words)

    add(facts["lat"].isna() | facts["lon"].isna(), tr("no coordinates"))
    pop = facts["population"]
    add(pop.isna() | (pop <= 0), tr("no population"))
    if "same_ba_region" in wanted:
        add(facts["ba_region"] == "", tr("no BA-region"))
    if "same_county" in wanted:
        add(facts["county"] == "", tr("no county"))
    return reasons


def _pair_frame(facts: pd.DataFrame, B: sp.csr_matrix, Bc: sp.csr_matrix) -> pd.DataFrame:
    """Every pair of the given actors (``i < j`` in id order) with the outcome and variables."""
    n = len(facts)
    i, j = np.triu_indices(n, k=1)
    rows = facts["row"].to_numpy()
    B = B[rows]
    Bc = Bc[rows]
    shared = (B @ B.T).toarray()
    councils = (Bc @ Bc.T).toarray()
    lat, lon = facts["lat"].to_numpy(), facts["lon"].to_numpy()
    km = haversine_km(lat[i], lon[i], lat[j], lon[j])
    pop = facts["population"].to_numpy()
    ba = facts["ba_region"].to_numpy(dtype=object)
    county = facts["county"].to_numpy(dtype=object)

    def same(labels):
        known = (labels[i] != "") & (labels[j] != "")
        out = pd.array((labels[i] == labels[j]).astype(np.int64), dtype="Int64")
        out[~known] = pd.NA
        return out

    with np.errstate(invalid="ignore", divide="ignore"):
        similarity = np.minimum(pop[i], pop[j]) / np.maximum(pop[i], pop[j])
    return pd.DataFrame({
        "i": i, "j": j,
        "a": facts["id"].to_numpy(dtype=object)[i],
        "b": facts["id"].to_numpy(dtype=object)[j],
        "tie": (shared[i, j] > 0).astype(np.int64),
        "distance_km": km,
        "log_km": np.log1p(km),
        "same_ba_region": same(ba),
        "same_county": same(county),
        "same_council": (councils[i, j] > 0).astype(np.int64),
        "size_similarity": similarity,
    })


# --------------------------------------------------------------------------- the fit


def _design(pairs: pd.DataFrame, variables) -> np.ndarray:
    """The design matrix: a constant, then the variables as float columns."""
    columns = [np.ones(len(pairs))]
    columns += [pairs[v].to_numpy(dtype=np.float64) for v in variables]
    return np.column_stack(columns)


def _fit(y: np.ndarray, X: np.ndarray):
    """The logistic regression by statsmodels' GLM (binomial, logit link)."""
    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # separation and convergence are reported below
        return sm.GLM(y, X, family=sm.families.Binomial()).fit(tol=1e-12, maxiter=200)


def _loglik(y: np.ndarray, eta: np.ndarray) -> float:
    return float(np.sum(y * eta - np.logaddexp(0.0, eta)))


def _newton(y: np.ndarray, X: np.ndarray, start: np.ndarray, k: int | None = None,
            max_iter: int = 60, tol: float = 1e-8) -> float | np.ndarray:
    """A logistic regression by damped Newton–Raphson: the Wald z of coefficient ``k``,
    or (``k`` None) the coefficients.

    A plain, fast fit for the permutations: the same maximum likelihood as statsmodels'
    IRLS, with the step halved while the likelihood would fall. NaN when the fit does not
    converge (separation)."""
    beta = start.copy()
    eta = X @ beta
    ll = _loglik(y, eta)
    for _ in range(max_iter):
        p = 0.5 * (1.0 + np.tanh(0.5 * eta))  # the logistic function, without overflow
        info = (X.T * (p * (1 - p))) @ X
        try:
            step = np.linalg.solve(info, X.T @ (y - p))
        except np.linalg.LinAlgError:
            return math.nan
        for _ in range(30):
            new = beta + step
            new_eta = X @ new
            new_ll = _loglik(y, new_eta)
            if new_ll >= ll - 1e-12:
                break
            step = step / 2
        beta, eta, ll = new, new_eta, new_ll
        if np.max(np.abs(step)) < tol:
            break
    else:
        return math.nan
    if np.max(np.abs(beta[1:]), initial=0.0) > 30:  # diverging: separation
        return math.nan
    if k is None:
        return beta
    p = 0.5 * (1.0 + np.tanh(0.5 * eta))
    info = (X.T * (p * (1 - p))) @ X
    try:
        variance = np.linalg.inv(info)[k, k]
    except np.linalg.LinAlgError:
        return math.nan
    return beta[k] / math.sqrt(variance) if variance > 0 else math.nan


def qap_pvalues(y: np.ndarray, X: np.ndarray, i: np.ndarray, j: np.ndarray, n: int, *,
                permutations: int = 1000, seed: int = 42,
                start: np.ndarray | None = None) -> np.ndarray:
    """MRQAP permutation p-values of a logistic regression, by Dekker's semi-partialling.

    For each explanatory column ``k`` (every column of ``X`` but the first, the constant):
    regress it on the other columns (least squares), put the residuals in an ``n × n``
    symmetric matrix, and refit the model with that column replaced by the residual matrix
    with its rows and columns permuted together, ``permutations`` times. The statistic is
    the coefficient's Wald z; the p-value is two-sided,
    ``(1 + #{|z_perm| >= |z_obs|}) / (1 + permutations)``.

    Parameters
    ----------
    y : array of 0/1, shape (m,)
    X : array, shape (m, p)
        A constant first, then the variables.
    i, j : int arrays, shape (m,)
        The two actors (0 … n-1) of each pair; every pair of the ``n`` actors appears once.
    n : int
    permutations : int
    seed : int
        The permutations are drawn from ``numpy.random.default_rng(seed)``.
    start : array, shape (p,), optional
        Coefficients to start each fit from (default: the constant at the share of ties,
        every slope 0).

    Returns
    -------
    numpy.ndarray
        One p-value per column of ``X`` (NaN for the constant, and where no fit converged).

    Examples
    --------
    A planted effect among 12 actors on a line: near pairs tie, far pairs do not.

    >>> rng = np.random.default_rng(0)
    >>> i, j = np.triu_indices(12, k=1)
    >>> km = np.abs(i - j).astype(float)
    >>> y = (rng.random(len(i)) < 1 / (1 + np.exp(km - 3))).astype(float)
    >>> X = np.column_stack([np.ones(len(i)), km, rng.random(len(i))])
    >>> p = qap_pvalues(y, X, i, j, 12, permutations=99, seed=1)
    >>> bool(p[1] < 0.05), bool(np.isnan(p[0]))
    (True, True)
    """
    if permutations < 1:
        raise SpecError(f"permutations must be at least 1, not {permutations}")
    rng = np.random.default_rng(seed)
    p = X.shape[1]
    if start is None:  # the constant at the share of ties, every slope 0
        share = min(max(float(np.mean(y)), 1e-6), 1 - 1e-6)
        start = np.zeros(p)
        start[0] = math.log(share / (1 - share))
    start = np.asarray(start, dtype=np.float64)
    out = np.full(p, np.nan)
    for k in range(1, p):
        others = np.delete(X, k, axis=1)
        gamma, *_ = np.linalg.lstsq(others, X[:, k], rcond=None)
        residual = X[:, k] - others @ gamma
        E = np.zeros((n, n))
        E[i, j] = residual
        E[j, i] = residual
        Xk = X.copy()
        Xk[:, k] = residual
        observed = _newton(y, Xk, start, k)
        if not math.isfinite(observed):
            continue
        # each permuted fit starts where the model without this variable ends: under the
        # permutations the variable explains little, so two or three steps suffice
        reduced = _newton(y, others, np.delete(start, k))
        begin = start if np.isscalar(reduced) else np.insert(reduced, k, 0.0)
        hits = 0
        for _ in range(permutations):
            pi = rng.permutation(n)
            Xk[:, k] = E[pi[i], pi[j]]
            z = _newton(y, Xk, begin, k)
            hits += (not math.isfinite(z)) or abs(z) >= abs(observed) - 1e-12
        out[k] = (1 + hits) / (1 + permutations)
    return out


def _can_vary(values: pd.Series) -> bool:
    known = values.dropna()
    return len(known) > 0 and known.nunique() > 1


def _pair_words(name: str) -> tuple[str, str]:
    """How a pair with the 0/1 variable at 1 and at 0 is named in a note."""
    return {
        "same_ba_region": (tr("in the same BA-region"), tr("in different BA-regions")),
        "same_county": (tr("in the same county"), tr("in different counties")),
        "same_council": (tr("in a common council"), tr("in no common council")),
    }[name]


def _separation(name: str, values: pd.Series, tie: pd.Series) -> str:
    """Why a 0/1 variable separates ties from non-ties ("" when it does not): then its
    odds ratio has no finite estimate (zero or unbounded)."""
    table = pd.crosstab(values.astype("int64"), tie)
    for value, words in zip((1, 0), _pair_words(name), strict=True):
        if value not in table.index:
            continue
        ties = int(table.loc[value].get(1, 0))
        total = int(table.loc[value].sum())
        if ties == 0:
            return tr("left out: no pair {which} shares an agreement (the odds ratio cannot "
                      "be estimated)", which=words)
        if ties == total:
            return tr("left out: every pair {which} shares an agreement (the odds ratio cannot "
                      "be estimated)", which=words)
    return ""


def _drivers_frame(fit, variables, p_values, n_pairs, n_ties, notes_by_variable) -> pd.DataFrame:
    rows = []
    z = 1.959963984540054  # the normal quantile of a 95 % interval
    for name in VARIABLES:
        row = {"variable": name, "odds_ratio": math.nan, "ci_low": math.nan,
               "ci_high": math.nan, "p_value": math.nan, "n_pairs": n_pairs,
               "n_ties": n_ties, "note": notes_by_variable.get(name, "")}
        if fit is not None and name in variables:
            k = 1 + variables.index(name)
            beta, se = float(fit.params[k]), float(fit.bse[k])
            with np.errstate(over="ignore"):  # an unbounded interval is inf, said as such
                row.update(odds_ratio=float(np.exp(beta)), ci_low=float(np.exp(beta - z * se)),
                           ci_high=float(np.exp(beta + z * se)), p_value=float(p_values[k]))
        rows.append(row)
    return pd.DataFrame(rows, columns=[*DRIVER_COLUMNS, "note"])


def dyad_model(model: Model, *, permutations: int = 1000, seed: int = 42,
               **filters: Unpack[Filters]) -> DyadModel:
    """Fit the dyad model on the kept actors (municipalities by default).

    Variables that cannot vary among the usable pairs (one county only; no BA-region known
    at all) are left out with a note. Actors without coordinates or population (or without
    a BA-region or county while that variable is in the model) are left out with every
    pair they are in, and counted; nothing is dropped without a note.

    Parameters
    ----------
    model : Model
    permutations : int
        MRQAP permutations per variable (0: no p-values, as for the expected pairs).
    seed : int
        Seed of the permutations: the same seed gives the same p-values.
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`; ties count over the filtered
        collaborations (services by default), councils as in
        :func:`graphmodel.council_metrics`.

    Returns
    -------
    DyadModel

    Raises
    ------
    SpecError
        More than :data:`MAX_ACTORS` usable actors, or a negative ``permutations``.
    """
    if not isinstance(permutations, int | np.integer) or permutations < 0:
        raise SpecError(f"permutations must be a whole number, 0 or more, not {permutations!r}")
    filters = check_filters(filters)
    key = ("dyad_model", permutations, seed) + select(model, **filters).key
    return model.memo(key, lambda: _dyad_model(model, permutations, seed, filters))


def _dyad_model(model: Model, permutations: int, seed: int, filters: dict) -> DyadModel:
    facts, B, Bc = _actor_facts(model, filters)
    notes: list[str] = []
    by_variable: dict[str, str] = {}
    wanted = list(VARIABLES)
    if (facts["ba_region"] == "").all():
        wanted.remove("same_ba_region")
        by_variable["same_ba_region"] = tr(
            "left out: no actor has a BA-region (Sweden's functional regions are not shipped; "
            "give a ba_region column)")
    if (facts["county"] == "").all():
        wanted.remove("same_county")
        by_variable["same_county"] = tr("left out: no actor has a county (region)")

    reasons = _missing_reasons(facts, wanted)
    usable = (reasons == "").to_numpy()
    left_out = pd.DataFrame({"id": facts["id"][~usable], "name": facts["name"][~usable],
                             "reason": reasons[~usable]}).reset_index(drop=True)
    n_all = len(facts)
    n_use = int(usable.sum())
    n_pairs_left_out = n_all * (n_all - 1) // 2 - n_use * (n_use - 1) // 2
    if len(left_out):
        names = ", ".join(left_out["name"].head(5)) + ("…" if len(left_out) > 5 else "")
        notes.append(ntr(
            "{n} pair left out: {k} actors lack what the model needs ({names})",
            "{n} pairs left out: {k} actors lack what the model needs ({names})",
            n_pairs_left_out, k=integer(len(left_out)), names=names))
    if n_use > MAX_ACTORS:
        raise SpecError(
            f"the dyad model takes at most {MAX_ACTORS} municipalities at once, not {n_use}: "
            f"narrow the data with --country or --region")

    facts = facts[usable].reset_index(drop=True)
    pairs = _pair_frame(facts, B, Bc)
    variables = []
    for name in wanted:
        if not _can_vary(pairs[name]):
            by_variable[name] = tr("left out: the same for every pair")
        elif name.startswith("same_") and (why := _separation(name, pairs[name], pairs["tie"])):
            by_variable[name] = why
        else:
            variables.append(name)
    n_pairs, n_ties = len(pairs), int(pairs["tie"].sum())

    fit, p_values = None, np.full(len(variables) + 1, np.nan)
    if n_ties == 0 or n_ties == n_pairs or not variables:
        notes.append(tr("no model fitted: the pairs need both ties and non-ties, and a "
                        "variable that varies"))
    else:
        y = pairs["tie"].to_numpy(dtype=np.float64)
        X = _design(pairs, variables)
        fit = _fit(y, X)
        if (not fit.converged or not np.all(np.isfinite(fit.bse))
                or np.max(np.abs(np.asarray(fit.params)[1:])) > 15):
            notes.append(tr("the fit did not converge (a variable separates ties from "
                            "non-ties): read the odds ratios with care"))
        if permutations:
            p_values = qap_pvalues(y, X, pairs["i"].to_numpy(), pairs["j"].to_numpy(),
                                   len(facts), permutations=permutations, seed=seed)
        pairs["probability"] = np.asarray(fit.predict(X))
    if fit is None:
        pairs["probability"] = np.nan
    for name, why in by_variable.items():
        notes.append(f"{variable_label(name)}: {why}")
    table = _drivers_frame(fit, variables, p_values, n_pairs, n_ties, by_variable)
    table.attrs["notes"] = list(notes)
    return DyadModel(pairs=pairs.drop(columns=["i", "j"]), variables=tuple(variables),
                     drivers=table, left_out=left_out, n_pairs_left_out=n_pairs_left_out,
                     notes=notes)


# --------------------------------------------------------------------------- the tables


def drivers(model: Model, *, permutations: int = 1000, seed: int = 42,
            **filters: Unpack[Filters]) -> pd.DataFrame:
    """What explains who cooperates: the ``drivers`` table of ``graphmodel metrics``.

    Parameters
    ----------
    model : Model
    permutations, seed
        As for :func:`dyad_model`.
    **filters : Unpack[Filters]

    Returns
    -------
    pandas.DataFrame
        One row per variable of :data:`VARIABLES`: ``variable, odds_ratio, ci_low,
        ci_high, p_value, n_pairs, n_ties, note``. The odds ratio is how many times the odds
        of a tie change with one unit of the variable (from a different to the same
        BA-region; one unit of log(1 + km); from 0 to 1 of size similarity), other things
        equal; the interval is 95 % (Wald); the p-value is MRQAP's. A variable left out has
        empty figures and a note. ``attrs["notes"]`` lists every variable and pair left out.

    Examples
    --------
    >>> from graphmodel.data.synth import synthesize
    >>> t = drivers(synthesize(30, 20, seed=1), permutations=19)
    >>> t["variable"].tolist()
    ['log_km', 'same_ba_region', 'same_county', 'same_council', 'size_similarity']
    """
    return dyad_model(model, permutations=permutations, seed=seed, **filters).drivers.copy()


def expected_pairs(model: Model, *, top: int | None = None,
                   **filters: Unpack[Filters]) -> pd.DataFrame:
    """The pairs the dyad model expects most strongly but which share nothing.

    Parameters
    ----------
    model : Model
    top : int, optional
        Keep only the first ``top`` rows.
    **filters : Unpack[Filters]

    Returns
    -------
    pandas.DataFrame
        ``a, b, probability, distance_km, same_ba_region, same_county, same_council,
        a_name, b_name``: the pairs without a shared collaboration, by fitted probability,
        highest first (then ``a``, ``b``). Empty when no model could be fitted.
        ``attrs["notes"]`` as for :func:`drivers`.
    """
    if top is not None and (not isinstance(top, int | np.integer) or top < 0):
        raise SpecError(f"top must be a whole number, 0 or more, not {top!r}")
    fitted = dyad_model(model, permutations=0, **filters)
    pairs = fitted.pairs
    sel = select(model, **check_filters(filters))
    names = dict(zip(sel.actor_ids, sel.actors["name"], strict=True))
    pairs = pairs[(pairs["tie"] == 0) & pairs["probability"].notna()]
    pairs = pairs.sort_values(["probability", "a", "b"], ascending=[False, True, True],
                              kind="stable")
    if top is not None:
        pairs = pairs.head(top)
    out = pd.DataFrame({
        "a": pairs["a"].to_numpy(dtype=object),
        "b": pairs["b"].to_numpy(dtype=object),
        "probability": pairs["probability"].to_numpy(dtype=np.float64),
        "distance_km": pairs["distance_km"].to_numpy(dtype=np.float64),
        "same_ba_region": pd.array(pairs["same_ba_region"], dtype="Int64").astype("boolean"),
        "same_county": pd.array(pairs["same_county"], dtype="Int64").astype("boolean"),
        "same_council": pairs["same_council"].to_numpy(dtype=bool),
        "a_name": pairs["a"].map(names).to_numpy(dtype=object),
        "b_name": pairs["b"].map(names).to_numpy(dtype=object),
    }, columns=EXPECTED_COLUMNS)
    out.attrs["notes"] = list(fitted.notes)
    return out


# --------------------------------------------------------------------------- in words


def variable_label(name: str) -> str:
    """A variable of the dyad model in words, in the language in use."""
    return {
        "log_km": lambda: tr("Distance"),
        "same_ba_region": lambda: tr("Same commuting region (BA-region)"),
        "same_county": lambda: tr("Same county"),
        "same_council": lambda: tr("Common regional council"),
        "size_similarity": lambda: tr("Similar size"),
    }.get(name, lambda: name)()


#: a p-value at or above this reads "could be chance"
CHANCE = 0.05


def driver_sentences(table: pd.DataFrame) -> list[str]:
    """The drivers table in plain sentences, one per variable, in the language in use.

    An odds ratio ``x`` of a 0/1 variable reads "… are x times as likely to share an
    agreement, other things equal" (strictly the odds; close to it when ties are rare).
    Distance is read per doubling of the distance (the odds ratio to the power log 2, as
    ``log_km`` is the log of 1 + km), size per step from very unequal to equal. A p-value
    of :data:`CHANCE` or more adds that the data cannot tell the effect from chance; a
    variable left out gives its note.

    Examples
    --------
    >>> t = pd.DataFrame({"variable": ["same_ba_region", "same_county"],
    ...                   "odds_ratio": [2.4, float("nan")], "p_value": [0.003, float("nan")],
    ...                   "note": ["", "left out: the same for every pair"]})
    >>> for line in driver_sentences(t): print(line)
    Two municipalities in the same commuting region (BA-region) are 2.4 times as likely to share an agreement, other things equal (p = 0.003).
    Same county: left out: the same for every pair.
    """
    out = []
    for row in table.itertuples(index=False):
        ratio = float(row.odds_ratio)
        if not math.isfinite(ratio):
            note = str(getattr(row, "note", "") or "")
            if note:
                out.append(tr("{variable}: {note}.", variable=variable_label(row.variable),
                              note=note))
            continue
        x = number(ratio ** math.log(2) if row.variable == "log_km" else ratio, 2)
        text = {
            "log_km": lambda x: tr("Twice as far apart, two municipalities are {x} times as "
                                 "likely to share an agreement, other things equal", x=x),
            "same_ba_region": lambda x: tr("Two municipalities in the same commuting region "
                                         "(BA-region) are {x} times as likely to share an "
                                         "agreement, other things equal", x=x),
            "same_county": lambda x: tr("Two municipalities in the same county are {x} times "
                                      "as likely to share an agreement, other things equal",
                                      x=x),
            "same_council": lambda x: tr("Two municipalities in a common regional council are "
                                       "{x} times as likely to share an agreement, other "
                                       "things equal", x=x),
            "size_similarity": lambda x: tr("Two municipalities of equal size are {x} times as "
                                          "likely to share an agreement as a very unequal "
                                          "pair, other things equal", x=x),
        }[row.variable](x)
        p = float(row.p_value)
        if not math.isfinite(p):
            out.append(text + ".")
        elif p >= CHANCE:
            out.append(text + tr(", but the data cannot tell this from chance (p = {p}).",
                                 p=number(p, 3)))
        else:
            out.append(text + tr(" (p = {p}).", p=number(p, 3)))
    return out
