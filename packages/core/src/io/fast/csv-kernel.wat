;; Byte-level CSV row kernel (RFC 4180: quoted fields, doubled quotes, CRLF or LF, one-byte delimiter).
;;
;; `parse` reads rows from memory [pos, to) - the range always ends with a line feed - and writes, per
;; column, one status byte per row and a value slot:
;;   kind 1 (number): f64 slots; status 0 = decimal read here, 3 = the same with a decimal point,
;;                    1 = empty cell (the f64 is NaN), 2 = anything else (the f64 holds the cell's start offset; the
;;                    caller reads that cell itself: quotes, exponents, padding, > 15 digits, text).
;;                    Per call it also sums each number column into 16 f64 at stats + 128·column:
;;                    [count, shift, Σ(v − shift), Σ(v − shift)², min, max, empty, other, with point]
;;                    (the caller zeroes count..max and sets min/max to ±∞ before the call); shift,
;;                    the sums and the extremes only when `moments` is 1 (they cost ~10 % of a call).
;;   kind 2 (text):   four i32 per row: FNV-1a hash of the bytes, start, end, code; status 1 = empty,
;;                    2 = quoted (start is the opening quote; the caller unquotes). When the column
;;                    has a memo table (memos[2j] = base, memos[2j+1] = mask; 16-byte entries
;;                    [hash, offset, length or −1 when free, code]) a known byte sequence gets
;;                    status 0 and its code, an unknown one status 4 (the caller decides and may
;;                    add it to the table). Counts per call in the column's sums block:
;;                    [known, …, empty (6), quoted (7), …, unknown (9)].
;;   kind 0:          nothing is written.
;; Numbers up to 15 significant digits are exact: mantissa / 10^fraction digits, one IEEE division,
;; as the row reader computes them. With 16 to 18 digits (what pandas writes for float64) the quotient
;; is computed in double-double arithmetic and rounded once; the few values within 10⁻⁶ ulp of a
;; rounding tie go to the caller, whose Number() decides. It returns the number of rows, stopping early at `maxRows`; the
;; position reached is in `end()`. A negative result is a row the caller must read itself:
;; -1 too few cells, -2 too many cells, -3 a quote runs past the range, -4 bare carriage return,
;; -5 blank row.
;; The per-byte and per-number paths call no helper: the V8 of Node 20 does not inline WebAssembly
;; calls, and on this kernel the calls cost it 40 % (Node 24 inlines them either way).
(module
  (memory (export "memory") 1)
  (global $end (mut i32) (i32.const 0))
  (func (export "end") (result i32) (global.get $end))

  ;; mantissa m (nd digits, fr of them after the point) / 10^fr, correctly rounded; NaN when too close to call
  (func $decimal (param $m i64) (param $fr i32) (param $nd i32) (param $pow i32) (result f64)
    (local $mh f64) (local $ml f64) (local $p f64) (local $q f64) (local $ph f64) (local $pl f64)
    (local $r f64) (local $c f64) (local $y f64) (local $bb f64) (local $err f64) (local $u f64)
    (local $ah f64) (local $al f64) (local $bh f64) (local $bl f64) (local $s f64) (local $bits i64)
    (local.set $mh (f64.convert_i64_u (local.get $m)))
    (if (i32.eqz (local.get $fr)) (then (return (local.get $mh))))
    (local.set $p (f64.load (i32.add (local.get $pow) (i32.shl (local.get $fr) (i32.const 3)))))
    ;; a mantissa below 2^53 is exact: one division (Clinger)
    (if (i64.lt_u (local.get $m) (i64.const 9007199254740992)) (then (return (f64.div (local.get $mh) (local.get $p)))))
    ;; m = mh + ml exactly
    (local.set $ml (f64.convert_i64_s (i64.sub (local.get $m) (i64.trunc_f64_u (local.get $mh)))))
    (local.set $q (f64.div (local.get $mh) (local.get $p)))
    ;; q·p = ph + pl exactly (Dekker's product: 27-bit halves)
    (local.set $ph (f64.mul (local.get $q) (local.get $p)))
    (local.set $s (f64.mul (f64.const 134217729) (local.get $q)))
    (local.set $ah (f64.sub (local.get $s) (f64.sub (local.get $s) (local.get $q))))
    (local.set $al (f64.sub (local.get $q) (local.get $ah)))
    (local.set $s (f64.mul (f64.const 134217729) (local.get $p)))
    (local.set $bh (f64.sub (local.get $s) (f64.sub (local.get $s) (local.get $p))))
    (local.set $bl (f64.sub (local.get $p) (local.get $bh)))
    (local.set $pl
      (f64.add (f64.add (f64.add (f64.sub (f64.mul (local.get $ah) (local.get $bh)) (local.get $ph))
        (f64.mul (local.get $ah) (local.get $bl))) (f64.mul (local.get $al) (local.get $bh))) (f64.mul (local.get $al) (local.get $bl))))
    ;; the exact remainder mh − q·p, then the correction (remainder + ml) / p
    (local.set $r (f64.sub (f64.sub (local.get $mh) (local.get $ph)) (local.get $pl)))
    (local.set $c (f64.div (f64.add (local.get $r) (local.get $ml)) (local.get $p)))
    (local.set $y (f64.add (local.get $q) (local.get $c)))
    ;; the rounding error of q + c, exactly (Knuth's two-sum)
    (local.set $bb (f64.sub (local.get $y) (local.get $q)))
    (local.set $err (f64.add (f64.sub (local.get $q) (f64.sub (local.get $y) (local.get $bb))) (f64.sub (local.get $c) (local.get $bb))))
    (local.set $bits (i64.reinterpret_f64 (local.get $y)))
    ;; a power of two has a narrower gap below it: leave those to the caller
    (if (i64.eqz (i64.and (local.get $bits) (i64.const 0xFFFFFFFFFFFFF))) (then (return (f64.const nan))))
    (local.set $u (f64.sub (f64.reinterpret_i64 (i64.add (local.get $bits) (i64.const 1))) (local.get $y)))
    (if (f64.lt (f64.abs (f64.sub (f64.abs (local.get $err)) (f64.mul (local.get $u) (f64.const 0.5)))) (f64.mul (local.get $u) (f64.const 1e-6)))
      (then (return (f64.const nan))))
    (local.get $y))

  (func (export "parse")
    (param $pos i32) (param $to i32) (param $width i32) (param $delim i32)
    (param $kinds i32) (param $outs i32) (param $stats i32) (param $pow i32) (param $maxRows i32) (param $sums i32)
    (param $memos i32) (param $moments i32)
    (result i32)
    (local $row i32) (local $j i32) (local $c i32) (local $s i32) (local $kind i32)
    (local $v f64) (local $m i64) (local $lz i32) (local $nd i32) (local $fr i32) (local $d i32) (local $neg i32) (local $h i32)
    (local $dot i32) (local $filled i32) (local $rowStart i32) (local $out i32) (local $stat i32)
    (local $sp i32) (local $t f64) (local $w i64) (local $table i32) (local $mask i32) (local $slot i32) (local $e i32) (local $o i32) (local $p i32) (local $len i32)
    (block $finish
      (loop $rows
        (br_if $finish (i32.ge_u (local.get $pos) (local.get $to)))
        (br_if $finish (i32.ge_u (local.get $row) (local.get $maxRows)))
        (local.set $rowStart (local.get $pos))
        (local.set $j (i32.const 0))
        (local.set $filled (i32.const 0))
        (loop $cells
          (if (i32.ge_u (local.get $j) (local.get $width))
            (then (global.set $end (local.get $rowStart)) (return (i32.const -2))))
          (local.set $kind (i32.load (i32.add (local.get $kinds) (i32.shl (local.get $j) (i32.const 2)))))
          (local.set $out (i32.load (i32.add (local.get $outs) (i32.shl (local.get $j) (i32.const 2)))))
          (local.set $stat (i32.add (i32.load (i32.add (local.get $stats) (i32.shl (local.get $j) (i32.const 2)))) (local.get $row)))
          (local.set $sp (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 7))))
          (local.set $s (local.get $pos))
          (local.set $c (i32.load8_u (local.get $pos)))
          (if (i32.eq (local.get $c) (i32.const 34))
            (then
              ;; quoted: find the closing quote, stepping over doubled quotes
              (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
              (block $closed
                (loop $q
                  (if (i32.ge_u (local.get $pos) (local.get $to))
                    (then (global.set $end (local.get $rowStart)) (return (i32.const -3))))
                  (if (i32.eq (i32.load8_u (local.get $pos)) (i32.const 34))
                    (then
                      (br_if $closed (i32.ne (i32.load8_u (i32.add (local.get $pos) (i32.const 1))) (i32.const 34)))
                      (local.set $pos (i32.add (local.get $pos) (i32.const 2)))
                      (br $q)))
                  (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                  (br $q)))
              (if (i32.gt_u (local.get $pos) (i32.add (local.get $s) (i32.const 1)))
                (then (local.set $filled (i32.const 1))))
              (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
              ;; bytes between the closing quote and the delimiter are dropped, as the row reader does
              (block $x
                (loop $y
                  (local.set $c (i32.load8_u (local.get $pos)))
                  (br_if $x (i32.or (i32.eq (local.get $c) (local.get $delim)) (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))))
                  (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                  (br $y)))
              (if (i32.eq (local.get $kind) (i32.const 1))
                (then
                  (i32.store8 (local.get $stat) (i32.const 2))
                  (f64.store offset=56 (local.get $sp) (f64.add (f64.load offset=56 (local.get $sp)) (f64.const 1)))
                  (f64.store (i32.add (local.get $out) (i32.shl (local.get $row) (i32.const 3))) (f64.convert_i32_u (local.get $s)))))
              (if (i32.eq (local.get $kind) (i32.const 2))
                (then
                  (i32.store8 (local.get $stat) (i32.const 2))
                  (f64.store offset=56 (local.get $sp) (f64.add (f64.load offset=56 (local.get $sp)) (f64.const 1)))
                  (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $row) (i32.const 4))) (local.get $s)))))
            (else
              (if (i32.eq (local.get $kind) (i32.const 1))
                (then
                  ;; [sign] digits [. digits]
                  (local.set $neg (i32.eq (local.get $c) (i32.const 45)))
                  (if (i32.or (local.get $neg) (i32.eq (local.get $c) (i32.const 43)))
                    (then
                      (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $pos)))))
                  (local.set $d (local.get $pos))
                  (local.set $m (i64.const 0))
                  ;; zeros before the first significant digit (leading ones, and those after the point when the
                  ;; integer part is zero) are counted apart, so the digit loops need no test for them
                  (local.set $lz (i32.const 0))
                  (block $z1
                    (loop $zl1
                      (br_if $z1 (i32.ne (local.get $c) (i32.const 48)))
                      (local.set $lz (i32.add (local.get $lz) (i32.const 1)))
                      (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $pos)))
                      (br $zl1)))
                  ;; eight digits at a time while there are eight (SWAR: test all eight bytes, then three multiplies)
                  (block $s1
                    (loop $sl1
                      (local.set $w (i64.load (local.get $pos)))
                      (br_if $s1 (i64.ne
                        (i64.or (i64.and (local.get $w) (i64.const 0xF0F0F0F0F0F0F0F0))
                          (i64.shr_u (i64.and (i64.add (local.get $w) (i64.const 0x0606060606060606)) (i64.const 0xF0F0F0F0F0F0F0F0)) (i64.const 4)))
                        (i64.const 0x3333333333333333)))
                      (local.set $w (i64.shr_u (i64.mul (i64.and (local.get $w) (i64.const 0x0F0F0F0F0F0F0F0F)) (i64.const 2561)) (i64.const 8)))
                      (local.set $w (i64.shr_u (i64.mul (i64.and (local.get $w) (i64.const 0x00FF00FF00FF00FF)) (i64.const 6553601)) (i64.const 16)))
                      (local.set $w (i64.shr_u (i64.mul (i64.and (local.get $w) (i64.const 0x0000FFFF0000FFFF)) (i64.const 42949672960001)) (i64.const 32)))
                      (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 100000000)) (local.get $w)))
                      (local.set $pos (i32.add (local.get $pos) (i32.const 8)))
                      (br $sl1)))
                  (local.set $c (i32.load8_u (local.get $pos)))
                  (block $b1
                    (loop $l1
                      (br_if $b1 (i32.ge_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))
                      (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
                      (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $pos)))
                      (br $l1)))
                  (local.set $nd (i32.sub (local.get $pos) (local.get $d)))
                  (local.set $fr (i32.const 0))
                  (local.set $dot (i32.eq (local.get $c) (i32.const 46)))
                  (if (local.get $dot)
                    (then
                      (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $pos)))
                      (local.set $d (local.get $pos))
                      (if (i64.eqz (local.get $m))
                        (then
                          (block $z2
                            (loop $zl2
                              (br_if $z2 (i32.ne (local.get $c) (i32.const 48)))
                              (local.set $lz (i32.add (local.get $lz) (i32.const 1)))
                              (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                              (local.set $c (i32.load8_u (local.get $pos)))
                              (br $zl2)))))
                      ;; eight digits at a time while there are eight (SWAR: test all eight bytes, then three multiplies)
                      (block $s2
                        (loop $sl2
                          (local.set $w (i64.load (local.get $pos)))
                          (br_if $s2 (i64.ne
                            (i64.or (i64.and (local.get $w) (i64.const 0xF0F0F0F0F0F0F0F0))
                              (i64.shr_u (i64.and (i64.add (local.get $w) (i64.const 0x0606060606060606)) (i64.const 0xF0F0F0F0F0F0F0F0)) (i64.const 4)))
                            (i64.const 0x3333333333333333)))
                          (local.set $w (i64.shr_u (i64.mul (i64.and (local.get $w) (i64.const 0x0F0F0F0F0F0F0F0F)) (i64.const 2561)) (i64.const 8)))
                          (local.set $w (i64.shr_u (i64.mul (i64.and (local.get $w) (i64.const 0x00FF00FF00FF00FF)) (i64.const 6553601)) (i64.const 16)))
                          (local.set $w (i64.shr_u (i64.mul (i64.and (local.get $w) (i64.const 0x0000FFFF0000FFFF)) (i64.const 42949672960001)) (i64.const 32)))
                          (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 100000000)) (local.get $w)))
                          (local.set $pos (i32.add (local.get $pos) (i32.const 8)))
                          (br $sl2)))
                      (local.set $c (i32.load8_u (local.get $pos)))
                      (block $b2
                        (loop $l2
                          (br_if $b2 (i32.ge_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))
                          (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
                          (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                          (local.set $c (i32.load8_u (local.get $pos)))
                          (br $l2)))
                      (local.set $fr (i32.sub (local.get $pos) (local.get $d)))
                      (local.set $nd (i32.add (local.get $nd) (local.get $fr)))))
                  (local.set $v (f64.const nan))
                  (if (i32.and (i32.or (i32.eq (local.get $c) (local.get $delim)) (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13))))
                        (i32.and (i32.gt_u (local.get $nd) (i32.const 0))
                          (i32.and (i32.le_u (i32.sub (local.get $nd) (local.get $lz)) (i32.const 18)) (i32.le_u (local.get $fr) (i32.const 22)))))
                    (then
                      ;; the common case inline (a call per number costs where the engine does not inline): no
                      ;; fraction, or a mantissa below 2^53 (exact: one division)
                      (if (i32.eqz (local.get $fr))
                        (then (local.set $v (f64.convert_i64_u (local.get $m))))
                        (else
                          (if (i64.lt_u (local.get $m) (i64.const 9007199254740992))
                            (then (local.set $v (f64.div (f64.convert_i64_u (local.get $m)) (f64.load (i32.add (local.get $pow) (i32.shl (local.get $fr) (i32.const 3)))))))
                            (else (local.set $v (call $decimal (local.get $m) (local.get $fr) (i32.sub (local.get $nd) (local.get $lz)) (local.get $pow)))))))))
                  (if (f64.eq (local.get $v) (local.get $v))
                    (then
                      (if (local.get $neg) (then (local.set $v (f64.neg (local.get $v)))))
                      (f64.store (i32.add (local.get $out) (i32.shl (local.get $row) (i32.const 3))) (local.get $v))
                      (i32.store8 (local.get $stat) (select (i32.const 3) (i32.const 0) (local.get $dot)))
                      (local.set $filled (i32.const 1))
                      ;; running sums, shifted by the column's first value in this call (when asked for)
                      (if (local.get $moments)
                        (then
                          (if (f64.eq (f64.load (local.get $sp)) (f64.const 0))
                            (then (f64.store offset=8 (local.get $sp) (local.get $v))))
                          (local.set $t (f64.sub (local.get $v) (f64.load offset=8 (local.get $sp))))
                          (f64.store offset=16 (local.get $sp) (f64.add (f64.load offset=16 (local.get $sp)) (local.get $t)))
                          (f64.store offset=24 (local.get $sp) (f64.add (f64.load offset=24 (local.get $sp)) (f64.mul (local.get $t) (local.get $t))))
                          (if (f64.lt (local.get $v) (f64.load offset=32 (local.get $sp)))
                            (then (f64.store offset=32 (local.get $sp) (local.get $v))))
                          (if (f64.gt (local.get $v) (f64.load offset=40 (local.get $sp)))
                            (then (f64.store offset=40 (local.get $sp) (local.get $v))))))
                      (f64.store (local.get $sp) (f64.add (f64.load (local.get $sp)) (f64.const 1)))
                      (if (local.get $dot)
                        (then (f64.store offset=64 (local.get $sp) (f64.add (f64.load offset=64 (local.get $sp)) (f64.const 1))))))
                    (else
                      (block $b3
                        (loop $l3
                          (br_if $b3 (i32.or (i32.eq (local.get $c) (local.get $delim)) (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))))
                          (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                          (local.set $c (i32.load8_u (local.get $pos)))
                          (br $l3)))
                      (if (i32.eq (local.get $pos) (local.get $s))
                        (then
                          (i32.store8 (local.get $stat) (i32.const 1))
                          (f64.store (i32.add (local.get $out) (i32.shl (local.get $row) (i32.const 3))) (f64.const nan))
                          (f64.store offset=48 (local.get $sp) (f64.add (f64.load offset=48 (local.get $sp)) (f64.const 1))))
                        (else
                          (local.set $filled (i32.const 1))
                          (i32.store8 (local.get $stat) (i32.const 2))
                          (f64.store offset=56 (local.get $sp) (f64.add (f64.load offset=56 (local.get $sp)) (f64.const 1)))
                          (f64.store (i32.add (local.get $out) (i32.shl (local.get $row) (i32.const 3))) (f64.convert_i32_u (local.get $s))))))))
                (else
                  ;; text (hashed) or skipped
                  (local.set $h (i32.const -2128831035))
                  (block $b4
                    (loop $l4
                      (br_if $b4 (i32.or (i32.eq (local.get $c) (local.get $delim)) (i32.or (i32.eq (local.get $c) (i32.const 10)) (i32.eq (local.get $c) (i32.const 13)))))
                      (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $c)) (i32.const 16777619)))
                      (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                      (local.set $c (i32.load8_u (local.get $pos)))
                      (br $l4)))
                  (if (i32.gt_u (local.get $pos) (local.get $s)) (then (local.set $filled (i32.const 1))))
                  (if (i32.eq (local.get $kind) (i32.const 2))
                    (then
                      (local.set $d (i32.add (local.get $out) (i32.shl (local.get $row) (i32.const 4))))
                      (if (i32.eq (local.get $pos) (local.get $s))
                        (then
                          (i32.store8 (local.get $stat) (i32.const 1))
                          (i32.store offset=12 (local.get $d) (i32.const -1))
                          (f64.store offset=48 (local.get $sp) (f64.add (f64.load offset=48 (local.get $sp)) (f64.const 1))))
                        (else
                          (i32.store (local.get $d) (local.get $h))
                          (i32.store offset=4 (local.get $d) (local.get $s))
                          (i32.store offset=8 (local.get $d) (local.get $pos))
                          (i32.store8 (local.get $stat) (i32.const 4))
                          ;; the memo table: a known byte sequence has a code
                          (local.set $table (i32.load (i32.add (local.get $memos) (i32.shl (local.get $j) (i32.const 3)))))
                          (if (local.get $table)
                            (then
                              (local.set $mask (i32.load offset=4 (i32.add (local.get $memos) (i32.shl (local.get $j) (i32.const 3)))))
                              (local.set $len (i32.sub (local.get $pos) (local.get $s)))
                              (local.set $slot (i32.and (local.get $h) (local.get $mask)))
                              (block $miss
                                (loop $probe
                                  (local.set $e (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 4))))
                                  (br_if $miss (i32.eq (i32.load offset=8 (local.get $e)) (i32.const -1)))
                                  (if (i32.and (i32.eq (i32.load offset=8 (local.get $e)) (local.get $len)) (i32.eq (i32.load (local.get $e)) (local.get $h)))
                                    (then
                                      (local.set $o (i32.load offset=4 (local.get $e)))
                                      (local.set $p (local.get $s))
                                      (block $differ
                                        (loop $cmp
                                          (if (i32.ge_u (local.get $p) (local.get $pos))
                                            (then
                                              (i32.store8 (local.get $stat) (i32.const 0))
                                              (i32.store offset=12 (local.get $d) (i32.load offset=12 (local.get $e)))
                                              (br $miss)))
                                          (br_if $differ (i32.ne (i32.load8_u (local.get $o)) (i32.load8_u (local.get $p))))
                                          (local.set $o (i32.add (local.get $o) (i32.const 1)))
                                          (local.set $p (i32.add (local.get $p) (i32.const 1)))
                                          (br $cmp)))))
                                  (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
                                  (br $probe)))))
                          (if (i32.eqz (i32.load8_u (local.get $stat)))
                            (then (f64.store (local.get $sp) (f64.add (f64.load (local.get $sp)) (f64.const 1))))
                            (else (f64.store offset=72 (local.get $sp) (f64.add (f64.load offset=72 (local.get $sp)) (f64.const 1)))))))))))))
          ;; after the cell: a delimiter, or the end of the row
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (if (i32.eq (local.get $c) (local.get $delim))
            (then
              (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
              (br $cells))))
        (if (i32.eq (local.get $c) (i32.const 13))
          (then
            (if (i32.ne (i32.load8_u (i32.add (local.get $pos) (i32.const 1))) (i32.const 10))
              (then (global.set $end (local.get $rowStart)) (return (i32.const -4))))
            (local.set $pos (i32.add (local.get $pos) (i32.const 1)))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (if (i32.ne (local.get $j) (local.get $width))
          (then (global.set $end (local.get $rowStart)) (return (i32.const -1))))
        (if (i32.eqz (local.get $filled))
          (then (global.set $end (local.get $rowStart)) (return (i32.const -5))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows)))
    (global.set $end (local.get $pos))
    (local.get $row))
)
