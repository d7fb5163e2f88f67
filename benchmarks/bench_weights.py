"""Queen/rook contiguity: ``hotspots.where.weights`` (shared vertices, sparse product) vs libpysal.

Peer: ``libpysal.weights.Queen.from_dataframe`` / ``Rook.from_dataframe`` on the same buurten
(aim: at least 5x faster with identical weights; ``identical`` says whether they are).
"""
from __future__ import annotations

from common import best_time, peak_memory_mb, result


def run(quick: bool) -> list[dict]:
    import pickle

    from libpysal.weights import Queen, Rook

    import data
    from hotspots.where import weights
    from hotspots.where.weights import queen, rook

    areas = data.buurten(300, max_segment=1000) if quick else data.buurten()
    repeat = 3 if quick else 1
    rows, w_queen = [], None

    def fresh(fn):  # computed, not remembered (weights._CONTIGUITY: the worker's memory of the last areas)
        def call(*args, **kwargs):
            weights._CONTIGUITY.clear()
            return fn(*args, **kwargs)
        return call

    for name, ours_fn, peer_cls in (("queen", fresh(queen), Queen), ("rook", fresh(rook), Rook)):
        ours_s, w = best_time(lambda: ours_fn(areas, fallback=False), repeat)
        peer_s, lw = best_time(lambda: peer_cls.from_dataframe(areas, use_index=False), repeat)
        identical = bool(((lw.sparse != 0) != (w.sparse != 0)).nnz == 0)
        w_queen = w if name == "queen" else w_queen
        rows.append(result(f"weights_{name}_{len(areas)}", ours_s, f"libpysal {peer_cls.__name__}.from_dataframe",
                           peer_s, ours_mb=peak_memory_mb(lambda: ours_fn(areas, fallback=False)),
                           peer_mb=peak_memory_mb(lambda: peer_cls.from_dataframe(areas, use_index=False)),
                           aim=">= 5", identical=identical, polygons=len(areas),
                           neighbours_mean=w.summary()["neighbours_mean"]))
    # the default snapping tolerance (0.5 m) costs a k-d tree over the vertices
    snap_s, ws = best_time(lambda: fresh(queen)(areas, tolerance=0.5, fallback=False), repeat)
    rows.append(result(f"weights_queen_snap_{len(areas)}", snap_s, "libpysal Queen.from_dataframe (exact)",
                       rows[0]["peer_s"], polygons=len(areas), neighbours_mean=ws.summary()["neighbours_mean"]))
    # the window's worker gets the same areas pickled anew at every switch: remembered by their coordinates
    copies = [pickle.loads(pickle.dumps(areas)) for _ in range(max(repeat, 2))]
    queen(areas, fallback=False)
    again_s, wa = best_time(lambda: queen(copies.pop(), fallback=False), repeat)
    rows.append(result(f"weights_queen_remembered_{len(areas)}", again_s, "our queen computed anew", rows[0]["ours_s"],
                       aim="the same areas again (new objects), national: >= 5", polygons=len(areas),
                       identical=bool((wa.sparse != w_queen.sparse).nnz == 0)))
    return rows
