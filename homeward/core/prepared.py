"""A queryset compiled by the ORM once, then run as its SQL with new parameters.

Building and compiling a queryset costs the ORM ≈0.5–1.3 ms of Python on every call (the
portal's worker lookup: 1.26 ms with `select_related`, 0.9 ms with `only`, while its SQL runs in
≈0.03 ms). Pages that run the same small query on every request — the signed-in person's
record, their application ids — keep the query in the ORM (one place for its conditions) and let
this helper reuse the SQL; rows become values and model instances as the ORM makes them (the
fields' converters, `Model.from_db`):

    LOOKUP = PreparedQuery(lambda pk: Worker._base_manager.filter(pk=pk).only("region_id"))
    worker = LOOKUP.first(pk)          # a Worker with only that field loaded, or None
    rows = LOOKUP.values(pk)           # the rows' values, through the fields' converters

`build(*args)` is called once per database with marker values (an int or a str per argument,
as `kinds` says); each parameter of the compiled SQL equal to a marker is taken from the call's
arguments afterwards, every other parameter is kept as compiled. Only arguments that the ORM
passes to the database unchanged may be markers (ids, codes, keys): a marker that does not come
out of the compiler as it went in (a date, a `startswith` that adds `%`) is refused at the first
call, so a test fails instead of a query going wrong. Nothing that is read at compile time may
vary between calls (the current area of a scoped manager, today's date): build on base managers,
and prepare one query per such value (as matching/cache.py prepares its stamp per day).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import connections
from django.db.models import QuerySet

_INT_MARK = -7_301_000_000_000  # far from any id
_STR_MARK = "\x00prepared-"


class _Compiled:
    """What one compile left: the SQL, where each argument goes, how rows become values."""

    def __init__(self, queryset: QuerySet, alias: str, marks: list):
        compiler = queryset.query.get_compiler(alias)
        self.sql, params = compiler.as_sql()
        self.slots = []
        for param in params:
            slot = next((i for i, mark in enumerate(marks) if param == mark), None)
            self.slots.append((slot, param))
        found = {slot for slot, _ in self.slots if slot is not None}
        missing = sorted(set(range(len(marks))) - found)
        if missing:
            raise ValueError(
                f"arguments {missing} of a prepared query changed in the compiler: only ids, "
                "codes and keys that reach the database as they are can be arguments"
            )
        self.model = queryset.model
        self.converters = compiler.get_converters([column[0] for column in compiler.select])
        klass_info = compiler.klass_info
        self.init_list: list[str] = []
        self.model_span = (0, 0)
        self.annotations = dict(compiler.annotation_col_map or {})
        if klass_info is not None:
            if klass_info.get("related_klass_infos"):
                raise ValueError("a prepared query cannot select_related: read the row alone")
            fields = klass_info["select_fields"]
            self.model_span = (fields[0], fields[-1] + 1)
            self.init_list = [
                column[0].target.attname for column in compiler.select[fields[0] : fields[-1] + 1]
            ]

    def convert(self, row: tuple, connection) -> list:
        values = list(row)
        for position, (converters, expression) in self.converters.items():
            value = values[position]
            for converter in converters:
                value = converter(value, expression, connection)
            values[position] = value
        return values


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet], kinds: Sequence[type] = (int,)):
        for kind in kinds:
            if kind not in (int, str):
                raise TypeError(f"a prepared query takes int or str arguments, not {kind}")
        self.build = build
        self.kinds = tuple(kinds)
        self._compiled: dict[str, _Compiled] = {}

    def _prepare(self, alias: str) -> _Compiled:
        compiled = self._compiled.get(alias)
        if compiled is None:
            marks = [
                _INT_MARK - i if kind is int else f"{_STR_MARK}{i}\x00"
                for i, kind in enumerate(self.kinds)
            ]
            compiled = self._compiled[alias] = _Compiled(self.build(*marks), alias, marks)
        return compiled

    def _params(self, compiled: _Compiled, args: tuple) -> list:
        if len(args) != len(self.kinds):
            raise TypeError(
                f"a prepared query takes {len(self.kinds)} arguments, {len(args)} given"
            )
        for arg, kind in zip(args, self.kinds, strict=True):
            if type(arg) is not kind:
                raise TypeError(f"a prepared query's argument must be {kind.__name__}: {arg!r}")
        return [param if slot is None else args[slot] for slot, param in compiled.slots]

    def sql(self, *args, using: str = "default") -> tuple[str, list]:
        """The SQL and its parameters for these arguments."""
        compiled = self._prepare(using)
        return compiled.sql, self._params(compiled, args)

    def values(self, *args, using: str = "default") -> list[list]:
        """The rows, each value through its field's converters (as `values_list` gives them)."""
        compiled = self._prepare(using)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, self._params(compiled, args))
            rows = cursor.fetchall()
        return [compiled.convert(row, connection) for row in rows]

    def all(self, *args, using: str = "default") -> list:
        """Model instances as the queryset would give them: the fields it left out deferred
        (read when touched), its annotations as attributes."""
        compiled = self._prepare(using)
        if not compiled.init_list:
            raise TypeError("`all` and `first` need a queryset of model instances")
        start, end = compiled.model_span
        objects = []
        for values in self.values(*args, using=using):
            obj = compiled.model.from_db(using, compiled.init_list, values[start:end])
            for name, position in compiled.annotations.items():
                setattr(obj, name, values[position])
            objects.append(obj)
        return objects

    def first(self, *args, using: str = "default"):
        objects = self.all(*args, using=using)
        return objects[0] if objects else None
