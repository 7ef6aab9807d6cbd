"""Launch policy measurements behind gparray._runtime.launch's per-device-kind choices: local size
and elements per work-item (vector width) for a + b and exp(a) on 1e7 float32."""
import numpy as np

import gparray
from gparray._runtime import launch as _launch
from benchmarks._timing import per_call

LOCAL_SIZES = (16, 64, 256, 1024)
VECTOR_WIDTHS = (0, 4, 8, 16)      # 0: one element per work-item, scalar code


def run():
    """Rows of (setting, seconds for a + b, seconds for exp(a)) on the default device."""
    device = gparray.default_device()
    n = 10**7
    rng = np.random.default_rng(0)
    a = gparray.asarray(rng.random(n, dtype=np.float32))
    b = gparray.asarray(rng.random(n, dtype=np.float32))
    saved_ls, saved_vw = dict(_launch.LOCAL_SIZE), {k: dict(v) for k, v in _launch.VECTOR_WIDTH.items()}
    rows = []
    try:
        for ls in LOCAL_SIZES:
            for vw in VECTOR_WIDTHS:
                if ls > device.max_work_group_size:
                    continue
                _launch.LOCAL_SIZE[device.kind] = ls
                _launch.VECTOR_WIDTH[device.kind] = {4: vw} if vw else {}
                for uf in (gparray.add, gparray.exp):
                    uf._fast.clear()
                add = per_call(lambda: a + b, device.synchronize, min_time=0.1, repeats=3)
                exp = per_call(lambda: gparray.exp(a), device.synchronize, min_time=0.1, repeats=3)
                rows.append((f"local {ls}, {vw or 1} element(s)/work-item", add, exp))
    finally:
        _launch.LOCAL_SIZE.clear()
        _launch.LOCAL_SIZE.update(saved_ls)
        _launch.VECTOR_WIDTH.clear()
        _launch.VECTOR_WIDTH.update(saved_vw)
        for uf in (gparray.add, gparray.exp):
            uf._fast.clear()
    return rows
