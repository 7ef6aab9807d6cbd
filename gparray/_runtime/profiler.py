"""``gparray.profile``: every kernel launched in a block, with device times from OpenCL
events, summarised as a table or written as a Chrome trace (see _profiling for how queues are
switched so that profiling costs nothing outside a block)."""
import json
import os
import threading

from . import devices as _devices, profiling as _profiling

# a device whose queue is first created inside a block gets a profiling queue as well
_devices.queue_hooks.append(_profiling.attach)

_SORT_KEYS = {
    "device": lambda g: -g["device"],
    "calls": lambda g: -g["calls"],
    "enqueue": lambda g: -g["enqueue"],
    "compile": lambda g: -g["compile"],
    "name": lambda g: g["key"],
}
_GROUPS = ("name", "op", "kernel")


def _time(ns):
    """A duration for a table cell: 512ns, 12.345us, 1.234ms, 2.500s."""
    if ns < 1e3:
        return f"{ns:.0f}ns"
    if ns < 1e6:
        return f"{ns / 1e3:.3f}us"
    if ns < 1e9:
        return f"{ns / 1e6:.3f}ms"
    return f"{ns / 1e9:.3f}s"


class profile:
    """Record every kernel launched while the block runs.

    ``with gparray.profile() as prof: ...``; then ``print(prof.table())`` for a summary per
    operation, ``prof.export_chrome_trace(path)`` for a timeline that Perfetto or
    ``chrome://tracing`` opens, and ``prof.events`` / ``prof.builds`` for the records
    (:class:`KernelEvent`: operation label, kernel, the user's gparray call, global size,
    device start/end in ns, enqueue time on the host, compile time of a program built in the
    block). Profiles nest; each sees the launches made while it was open. Kernels run on a
    profiling queue while any profile is open and on the device's plain queue otherwise, so
    nothing is recorded, and nothing costs, outside a block. The block waits for the device
    at its end.
    """

    def __init__(self):
        self.events = []
        self.builds = []
        self.start_ns = self.end_ns = 0
        self._begin = None

    def __enter__(self):
        if self._begin is not None:
            raise RuntimeError("this gparray.profile is already recording")
        self.events, self.builds = [], []
        self.start_ns = _profiling.now()
        self._begin = _profiling.open_session(_devices.created())
        return self

    def __exit__(self, kind, exc, tb):
        records, error = _profiling.close_session(self._begin)
        self._begin = None
        self.end_ns = _profiling.now()
        self.events = [r for r in records if isinstance(r, _profiling.KernelEvent)]
        self.builds = [r for r in records if isinstance(r, _profiling.Build)]
        if error is not None and kind is None:
            raise RuntimeError(f"a kernel launched in the profiled block failed: {error}") from None
        return False

    # -- summaries ----------------------------------------------------------------------------
    def _groups(self, group_by):
        if group_by not in _GROUPS:
            raise ValueError(f"group_by must be one of {_GROUPS}, got {group_by!r}")
        groups = {}
        for e in self.events:
            key = e.op if group_by == "op" else e.name if group_by == "name" else e.kernel
            g = groups.setdefault(key, {"key": key, "calls": 0, "device": 0, "enqueue": 0,
                                        "compile": 0.0, "kernels": {}})
            g["calls"] += 1
            g["device"] += e.duration
            g["enqueue"] += e.enqueue
            g["compile"] += e.compile_s
            g["kernels"][e.kernel if group_by != "kernel" else e.name] = None
        return list(groups.values())

    def table(self, sort_by="device", group_by="name", row_limit=None):
        """A text table, one row per operation label (``group_by="name"``), per gparray call
        (``"op"``) or per kernel (``"kernel"``): launches, total and mean device time, share
        of all device time, enqueue time on the host and compile time; sorted by ``sort_by``
        ("device", "calls", "enqueue", "compile" or "name"), longest first."""
        if sort_by not in _SORT_KEYS:
            raise ValueError(f"sort_by must be one of {tuple(_SORT_KEYS)}, got {sort_by!r}")
        groups = sorted(self._groups(group_by), key=_SORT_KEYS[sort_by])
        shown = groups if row_limit is None else groups[:row_limit]
        total_device = sum(g["device"] for g in groups)
        other = {"name": "Kernels", "op": "Kernels", "kernel": "Operations"}[group_by]
        head = [group_by.capitalize(), other, "Calls", "Device total", "Device avg", "Device %",
                "Enqueue total", "Compile"]
        rows = []
        for g in shown:
            kernels = ", ".join(g["kernels"])
            rows.append([str(g["key"]), kernels if len(kernels) <= 40 else kernels[:37] + "...",
                         str(g["calls"]), _time(g["device"]), _time(g["device"] / g["calls"]),
                         f"{100 * g['device'] / total_device:.1f}%" if total_device else "-",
                         _time(g["enqueue"]), f"{g['compile']:.3f}s" if g["compile"] else "-"])
        widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
                  for i, h in enumerate(head)]
        left = (True, True) + (False,) * 6

        def line(cells):
            return "  ".join(c.ljust(w) if l else c.rjust(w) for c, w, l in zip(cells, widths, left))

        rule = "  ".join("-" * w for w in widths)
        out = [rule, line(head), rule, *(line(r) for r in rows), rule]
        compile_s = sum(b.seconds for b in self.builds)
        out.append(f"{len(self.events)} kernel launches, device time {_time(total_device)}, "
                   f"enqueue {_time(sum(e.enqueue for e in self.events))}, "
                   f"{len(self.builds)} programs built in {compile_s:.3f}s, "
                   f"wall time {_time(max(self.end_ns - self.start_ns, 0))}")
        if row_limit is not None and len(groups) > row_limit:
            out.append(f"({len(groups) - row_limit} more rows; row_limit=None shows all)")
        return "\n".join(out)

    def __repr__(self):
        state = "recording" if self._begin is not None else \
            f"{len(self.events)} kernel launches, {len(self.builds)} builds"
        return f"<gparray.profile: {state}>"

    # -- timeline -----------------------------------------------------------------------------
    def _offsets(self):
        """Per device, device clock + offset = host clock (perf_counter ns). Each event's
        ``queued`` stamp is taken during its enqueue, before ``host`` (just after it), so the
        smallest ``host - queued`` is the tightest estimate."""
        offsets = {}
        for e in self.events:
            if e.queued:
                gap = e.host - e.queued
                offsets[e.device] = min(offsets.get(e.device, gap), gap)
        return offsets

    def export_chrome_trace(self, path):
        """Write the block as Chrome trace JSON: one event per kernel launch on a track per
        device (with its label, kernel, call, global size, enqueue and compile time) and one
        per program build on the thread that built it."""
        pid = os.getpid()
        offsets = self._offsets()
        devices = {name: 1000 + i for i, name in enumerate(dict.fromkeys(e.device for e in self.events))}
        threads = {}
        trace = [{"name": "process_name", "ph": "M", "pid": pid, "args": {"name": "gparray"}}]
        for name, tid in devices.items():
            trace.append({"name": "thread_name", "ph": "M", "pid": pid, "tid": tid,
                          "args": {"name": f"device: {name}"}})

        def host_track(ident):
            if ident not in threads:
                threads[ident] = len(threads) + 1
                label = "main thread" if ident == threading.main_thread().ident else f"thread {ident}"
                trace.append({"name": "thread_name", "ph": "M", "pid": pid, "tid": threads[ident],
                              "args": {"name": f"host: {label}"}})
            return threads[ident]

        def us(ns):
            return (ns - self.start_ns) / 1e3

        for e in self.events:
            if e.queued:
                start, dur = e.start + offsets[e.device], e.duration
            else:                  # no device stamps: placed at its enqueue, zero length
                start, dur = e.host, 0
            trace.append({"name": e.name, "cat": "kernel", "ph": "X", "pid": pid,
                          "tid": devices[e.device], "ts": us(start), "dur": dur / 1e3,
                          "args": {"kernel": e.kernel, "call": e.op,
                                   "global_size": list(e.global_size),
                                   "enqueue_us": e.enqueue / 1e3,
                                   "queued_to_start_us": max(e.start - e.queued, 0) / 1e3,
                                   "compile_s": e.compile_s}})
        for b in self.builds:
            trace.append({"name": "build " + (", ".join(b.kernels) or "program"), "cat": "build",
                          "ph": "X", "pid": pid, "tid": host_track(b.thread), "ts": us(b.host),
                          "dur": b.seconds * 1e6, "args": {"call": b.op, "device": b.device}})
        with open(path, "w") as f:
            json.dump({"traceEvents": trace, "displayTimeUnit": "ms"}, f)
