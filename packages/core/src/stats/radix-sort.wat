;; LSD radix sort of doubles, eight passes of one byte each.
;;
;; `sort(n, src, dst, counts)` sorts the n doubles at `src` (8-byte aligned), using n doubles at `dst`
;; as the other buffer and 8 KiB at `counts` for the eight 256-entry histograms, and returns where
;; the sorted values are (`src` or `dst`). Each double's bits are first made order-preserving as an
;; unsigned integer (a negative value has every bit flipped, a positive one only its sign bit), so
;; −0 sorts before +0 and ±Infinity at the ends; NaN would land by its sign bit: callers leave it out. All eight
;; histograms are counted in that first pass; a pass whose byte is the same in every value leaves
;; the order as it is and is skipped. One-byte digits keep the 256 write positions of a pass in
;; the first-level cache, which on a million values beats wider digits with fewer passes.
(module
  (memory (export "memory") 1)
  (func (export "sort") (param $n i32) (param $src i32) (param $dst i32) (param $counts i32) (result i32)
    (local $k i64) (local $p i32) (local $end i32) (local $t i32) (local $c i32)
    (local $pass i32) (local $shift i64) (local $base i32) (local $d i32) (local $sum i32)
    (memory.fill (local.get $counts) (i32.const 0) (i32.const 8192))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 3))))
    ;; map to unsigned order and count every byte
    (local.set $p (local.get $src))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $k (i64.load (local.get $p)))
        (local.set $k (i64.xor (local.get $k) (i64.or (i64.shr_s (local.get $k) (i64.const 63)) (i64.const 0x8000000000000000))))
        (i64.store (local.get $p) (local.get $k))
        (local.set $t (i32.add (local.get $counts) (i32.add (i32.const 0) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $k) (i64.const 0)) (i64.const 255))) (i32.const 2)))))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $t (i32.add (local.get $counts) (i32.add (i32.const 1024) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $k) (i64.const 8)) (i64.const 255))) (i32.const 2)))))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $t (i32.add (local.get $counts) (i32.add (i32.const 2048) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $k) (i64.const 16)) (i64.const 255))) (i32.const 2)))))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $t (i32.add (local.get $counts) (i32.add (i32.const 3072) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $k) (i64.const 24)) (i64.const 255))) (i32.const 2)))))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $t (i32.add (local.get $counts) (i32.add (i32.const 4096) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $k) (i64.const 32)) (i64.const 255))) (i32.const 2)))))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $t (i32.add (local.get $counts) (i32.add (i32.const 5120) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $k) (i64.const 40)) (i64.const 255))) (i32.const 2)))))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $t (i32.add (local.get $counts) (i32.add (i32.const 6144) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $k) (i64.const 48)) (i64.const 255))) (i32.const 2)))))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $t (i32.add (local.get $counts) (i32.add (i32.const 7168) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $k) (i64.const 56)) (i64.const 255))) (i32.const 2)))))
        (i32.store (local.get $t) (i32.add (i32.load (local.get $t)) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $next)))
    (block $passes
      (loop $pass_loop
        (br_if $passes (i32.eq (local.get $pass) (i32.const 8)))
        (local.set $shift (i64.extend_i32_u (i32.shl (local.get $pass) (i32.const 3))))
        (local.set $base (i32.add (local.get $counts) (i32.shl (local.get $pass) (i32.const 10))))
        ;; skipped when the first value's byte is every value's byte
        (if (i32.ne (local.get $n)
              (i32.load (i32.add (local.get $base) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (i64.load (local.get $src)) (local.get $shift)) (i64.const 255))) (i32.const 2)))))
          (then
            ;; counts → first positions
            (local.set $sum (i32.const 0))
            (local.set $d (i32.const 0))
            (block $prefixed
              (loop $prefix
                (br_if $prefixed (i32.eq (local.get $d) (i32.const 1024)))
                (local.set $t (i32.add (local.get $base) (local.get $d)))
                (local.set $c (i32.load (local.get $t)))
                (i32.store (local.get $t) (local.get $sum))
                (local.set $sum (i32.add (local.get $sum) (local.get $c)))
                (local.set $d (i32.add (local.get $d) (i32.const 4)))
                (br $prefix)))
            ;; scatter
            (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 3))))
            (local.set $p (local.get $src))
            (block $scattered
              (loop $scatter
                (br_if $scattered (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $k (i64.load (local.get $p)))
                (local.set $t (i32.add (local.get $base) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $k) (local.get $shift)) (i64.const 255))) (i32.const 2))))
                (local.set $c (i32.load (local.get $t)))
                (i32.store (local.get $t) (i32.add (local.get $c) (i32.const 1)))
                (i64.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 3))) (local.get $k))
                (local.set $p (i32.add (local.get $p) (i32.const 8)))
                (br $scatter)))
            (local.set $t (local.get $src))
            (local.set $src (local.get $dst))
            (local.set $dst (local.get $t))))
        (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
        (br $pass_loop)))
    ;; back to doubles: a set top bit was a positive value's sign flip, a clear one a negative value
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $p (local.get $src))
    (block $restored
      (loop $restore
        (br_if $restored (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $k (i64.load (local.get $p)))
        (i64.store (local.get $p) (i64.xor (local.get $k) (i64.or (i64.xor (i64.shr_s (local.get $k) (i64.const 63)) (i64.const -1)) (i64.const 0x8000000000000000))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $restore)))
    (local.get $src)))
