#!/usr/bin/python3
"""Small files in the real formats of the IMDB datasets, for Recur's offline dataset tests.

Regenerate (from the repository root; Debian's python3-numpy, no other package needed):

    /usr/bin/python3 dsl/src/test/python/make_dataset_fixtures.py

Writes into dsl/src/test/resources/datasets/:

  imdb-mini.npz             what numpy's np.savez writes for Keras's imdb.npz layout: x_train/x_test
                            object arrays of Python int lists (pickled, protocol 3, zip64 local
                            headers), y_train/y_test int64; 40 train and 30 test "reviews" of word
                            ranks 1..60, one of 2,500 words (pickle writes lists in batches of 1,000).
  imdb-mini-compressed.npz  the same arrays through np.savez_compressed (deflated members).
  imdb-mini-py2.npz         the same arrays as an older Python 2 numpy wrote them: protocol 2 pickles
                            with Python 2 strings (SHORT_BINSTRING), stored members without zip64.
                            numpy itself loads it back below, so the bytes are checked.
  imdb-mini-word-index.json a word index as Keras's imdb_word_index.json: word -> rank (1-based).
  imdb-mini-expected.json   what keras.datasets.imdb.load_data returns on imdb-mini.npz for several
                            option sets, computed by load_data_like_keras() below: the algorithm of
                            keras/src/datasets/imdb.py (Keras 3) restated step by step.
  numpy-shuffle.json        numpy.random.RandomState(seed).shuffle(np.arange(n)) for a few seeds and
                            sizes, and for Keras's seed 113 at IMDB's 25,000 (two shuffles from one
                            generator, as load_data does): first entries and a SHA-256 of the int32s.
  aclImdb-mini.tar.gz       the Large Movie Review Dataset's layout (aclImdb/{train,test}/{pos,neg}/
                            <id>_<rating>.txt, train/unsup, README, imdb.vocab) in GNU tar format as
                            the published archive, with one name over 100 characters (GNU long name).
  aclImdb-mini-pax.tar.gz   the same files in POSIX pax format (Python's default).
  aclImdb-mini-expected.json the reviews each archive must give: split, label, rating, id, text.
  npy/*.npy + npy/expected.json  single arrays in the dtypes and header versions the .npy reader supports.
"""
import gzip
import hashlib
import io
import json
import os
import struct
import tarfile
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEST = os.path.join(HERE, "..", "resources", "datasets")
VOCAB = 60


# ---- the IMDB arrays -------------------------------------------------------------------------------

def raw_reviews():
    g = np.random.default_rng(2024)
    def review(n):
        # Zipf-like ranks: frequent words are frequent, as in the real data.
        return [int(min(VOCAB, 1 + int(g.pareto(1.2)))) for _ in range(n)]
    train = [review(int(n)) for n in g.integers(1, 40, size=39)] + [review(2500)]
    test = [review(int(n)) for n in g.integers(1, 40, size=30)]
    train[3] = [1]  # a one-word review: pickle writes a single APPEND
    y_train = g.integers(0, 2, size=len(train)).astype(np.int64)
    y_test = g.integers(0, 2, size=len(test)).astype(np.int64)
    return train, y_train, test, y_test


def object_array(lists):
    a = np.empty(len(lists), dtype=object)
    for i, l in enumerate(lists):
        a[i] = list(l)
    return a


# ---- a Python 2 style pickle of an object array of int lists -----------------------------------------

def py2_int(v):
    if 0 <= v < 256:
        return b"K" + bytes([v])
    if 0 <= v < 65536:
        return b"M" + struct.pack("<H", v)
    return b"J" + struct.pack("<i", v)


def py2_str(s):
    b = s.encode("ascii")
    return b"U" + bytes([len(b)]) + b


def py2_pickle(lists):
    """What Python 2's cPickle (protocol 2) wrote for numpy's np.save of an object array of int lists."""
    memo = [0]
    def put():
        memo[0] += 1
        n = memo[0]
        return b"q" + bytes([n]) if n < 256 else b"r" + struct.pack("<I", n)
    out = bytearray(b"\x80\x02")
    out += b"cnumpy.core.multiarray\n_reconstruct\n" + put()
    out += b"cnumpy\nndarray\n" + put()
    out += py2_int(0) + b"\x85" + put() + py2_str("b") + put() + b"\x87" + put() + b"R" + put()
    out += b"(" + py2_int(1) + py2_int(len(lists)) + b"\x85" + put()
    out += b"cnumpy\ndtype\n" + put() + py2_str("O8") + put() + py2_int(0) + py2_int(1) + b"\x87" + put() + b"R" + put()
    out += b"(" + py2_int(3) + py2_str("|") + put() + b"NNN" + b"J\xff\xff\xff\xff" * 2 + py2_int(63) + b"t" + put() + b"b"
    out += b"\x89]" + put()
    for start in range(0, len(lists), 1000):
        out += b"("
        for l in lists[start:start + 1000]:
            out += b"]" + put()
            for s in range(0, len(l), 1000):  # as pickle's batches: APPEND for a batch of one
                batch = l[s:s + 1000]
                out += py2_int(batch[0]) + b"a" if len(batch) == 1 else b"(" + b"".join(py2_int(v) for v in batch) + b"e"
        out += b"e"
    out += b"t" + put() + b"b."
    return bytes(out)


def npy_bytes_of_pickle(n, pickle_bytes):
    header = "{'descr': '|O', 'fortran_order': False, 'shape': (%d,), }" % n
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + pickle_bytes


def npy_bytes(a):
    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=True)
    return buf.getvalue()


# ---- Keras's load_data, restated ---------------------------------------------------------------------

def load_data_like_keras(npz, num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1,
                         oov_char=2, index_from=3):
    """keras.datasets.imdb.load_data on an already downloaded file, step by step as Keras 3 does it."""
    with np.load(npz, allow_pickle=True) as f:
        x_train, labels_train = f["x_train"], f["y_train"]
        x_test, labels_test = f["x_test"], f["y_test"]
    # One generator, two shuffles: train first, then test.
    rng = np.random.RandomState(seed)
    order = np.arange(len(x_train))
    rng.shuffle(order)
    x_train, labels_train = x_train[order], labels_train[order]
    order = np.arange(len(x_test))
    rng.shuffle(order)
    x_test, labels_test = x_test[order], labels_test[order]

    def shift(x):
        body = [w + index_from for w in x] if (start_char is not None or index_from) else list(x)
        return ([start_char] if start_char is not None else []) + body
    x_train = [shift(x) for x in x_train]
    x_test = [shift(x) for x in x_test]

    if maxlen:  # Keras drops (does not cut) sequences of maxlen or more ids, start mark included
        keep = [i for i, x in enumerate(x_train) if len(x) < maxlen]
        x_train, labels_train = [x_train[i] for i in keep], [labels_train[i] for i in keep]
        keep = [i for i, x in enumerate(x_test) if len(x) < maxlen]
        x_test, labels_test = [x_test[i] for i in keep], [labels_test[i] for i in keep]
    xs = x_train + x_test
    labels = [int(v) for v in list(labels_train) + list(labels_test)]
    if not num_words:
        num_words = max(max(x) for x in xs)  # so the largest id itself becomes oov_char, as in Keras
    if oov_char is not None:
        xs = [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    else:
        xs = [[w for w in x if skip_top <= w < num_words] for x in xs]
    n = len(x_train)
    return (xs[:n], labels[:n]), (xs[n:], labels[n:])


CASES = [
    {},
    {"num_words": 20},
    {"num_words": 20, "skip_top": 5},
    {"maxlen": 12},
    {"maxlen": 12, "num_words": 15},
    {"seed": 7},
    {"start_char": None},
    {"oov_char": None, "num_words": 20},
    {"start_char": None, "index_from": 0},
    {"start_char": None, "index_from": 5, "num_words": 30},
    {"start_char": 7, "oov_char": 9, "index_from": 10, "num_words": 40, "skip_top": 12},
]


# ---- numpy's legacy shuffle ----------------------------------------------------------------------------

def shuffle_fixture():
    out = {"small": [], "imdb": {}}
    for seed, n in [(0, 10), (1, 10), (113, 10), (113, 1), (4294967295, 37), (12345, 1000)]:
        a = np.arange(n)
        np.random.RandomState(seed).shuffle(a)
        out["small"].append({"seed": seed, "n": n, "permutation": [int(v) for v in a]})
    rng = np.random.RandomState(113)
    for name in ("first", "second"):
        a = np.arange(25000)
        rng.shuffle(a)
        out["imdb"][name] = {"head": [int(v) for v in a[:10]],
                             "sha256_int32_le": hashlib.sha256(a.astype("<i4").tobytes()).hexdigest()}
    return out


# ---- aclImdb -------------------------------------------------------------------------------------------

REVIEWS = [
    ("train", "pos", 0, 9, "Bromwell High is a cartoon comedy.<br /><br />It ran at the same time as some other programs."),
    ("train", "pos", 10, 7, "Caf\u00e9 scenes \u2014 \u201cwonderful\u201d, na\u00efve and warm."),
    ("train", "neg", 1, 2, "Story of a man who has unnatural feelings for a pig. Starts out with a opening scene that is a terrific example of absurd comedy."),
    ("train", "neg", 12500, 4, "  Leading and trailing spaces are kept as written.  \n"),
    ("test", "pos", 3, 10, "I went and saw this movie last night after being coaxed to by a few friends of mine."),
    ("test", "neg", 5, 1, "Once again Mr. Costner has dragged out a movie for far longer than necessary."),
    ("test", "neg", 7, 3, ""),
]
UNSUP = [("train", "unsup", 0, 0, "An unlabelled review, in the archive but not in the tables.")]


def acl_files():
    files = [("aclImdb/README", b"Large Movie Review Dataset v1.0 (test fixture)\n"),
             ("aclImdb/imdb.vocab", b"the\nand\na\nof\n"),
             ("aclImdb/train/labeledBow.feat", b"9 0:9 1:1\n"),
             ("aclImdb/train/urls_pos.txt", b"http://www.imdb.com/title/tt0453418/usercomments\n")]
    for split, kind, rid, rating, text in REVIEWS + UNSUP:
        files.append(("aclImdb/%s/%s/%d_%d.txt" % (split, kind, rid, rating), text.encode("utf-8")))
    files.append(("aclImdb/" + "a-very-long-directory-name-for-the-gnu-long-name-extension/" * 2 + "notes.txt",
                  b"a file whose path needs more than the 100 characters of a plain tar header\n"))
    return files


def tar_gz(fmt):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as tar:
        seen = set()
        for name, data in acl_files():
            parts = name.split("/")
            for i in range(1, len(parts)):
                d = "/".join(parts[:i])
                if d not in seen:
                    seen.add(d)
                    info = tarfile.TarInfo(d)
                    info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, 1276560000
                    tar.addfile(info)
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, 1276560000
            tar.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


# ---- single .npy files ---------------------------------------------------------------------------------

def npy_fixtures(dest):
    os.makedirs(dest, exist_ok=True)
    arrays = {
        "int64": np.array([0, 1, -2, 2**40, -(2**62)], dtype="<i8"),
        "int32-big-endian": np.array([1, -1, 70000], dtype=">i4"),
        "int16": np.array([-32768, 32767, 5], dtype="<i2"),
        "uint8": np.array([0, 255, 7], dtype="|u1"),
        "uint16": np.array([65535, 1], dtype="<u2"),
        "uint32": np.array([4294967295, 3], dtype="<u4"),
        "int8": np.array([-128, 127], dtype="|i1"),
        "bool": np.array([True, False, True]),
        "float32-2x3": np.arange(6, dtype="<f4").reshape(2, 3) / 4,
        "float64-fortran-2x3": np.asfortranarray(np.arange(6, dtype="<f8").reshape(2, 3) - 2.5),
        "scalar-int64": np.array(42, dtype="<i8"),
        "empty-float32": np.zeros((0, 4), dtype="<f4"),
        "object-int-arrays": object_array([[1, 2, 3], [4]]),
    }
    arrays["object-int-arrays"][0] = np.array([1, 2, 3], dtype=np.int64)
    arrays["object-int-arrays"][1] = np.array([4], dtype=np.int32)
    expected = {}
    for name, a in arrays.items():
        with open(os.path.join(dest, name + ".npy"), "wb") as f:
            np.save(f, a, allow_pickle=True)
        if a.dtype == object:
            values = [[int(v) for v in x] for x in a]
        else:
            values = [v.item() if not isinstance(v.item(), bool) else int(v.item()) for v in a.reshape(-1, order="C")]
        expected[name] = {"shape": list(a.shape), "dtype": a.dtype.str, "values": values}
    with open(os.path.join(dest, "float32-v2-header.npy"), "wb") as f:
        np.lib.format.write_array(f, np.array([1.5, -2.25], dtype="<f4"), version=(2, 0))
    expected["float32-v2-header"] = {"shape": [2], "dtype": "<f4", "values": [1.5, -2.25]}
    with open(os.path.join(dest, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)


def main():
    os.makedirs(DEST, exist_ok=True)
    train, y_train, test, y_test = raw_reviews()
    arrays = {"x_train": object_array(train), "y_train": y_train, "x_test": object_array(test), "y_test": y_test}
    npz = os.path.join(DEST, "imdb-mini.npz")
    np.savez(npz, **arrays)
    np.savez_compressed(os.path.join(DEST, "imdb-mini-compressed.npz"), **arrays)

    py2 = os.path.join(DEST, "imdb-mini-py2.npz")
    with zipfile.ZipFile(py2, "w", zipfile.ZIP_STORED) as z:
        z.writestr("x_test.npy", npy_bytes_of_pickle(len(test), py2_pickle(test)))
        z.writestr("x_train.npy", npy_bytes_of_pickle(len(train), py2_pickle(train)))
        z.writestr("y_test.npy", npy_bytes(y_test))
        z.writestr("y_train.npy", npy_bytes(y_train))
    with np.load(py2, allow_pickle=True, encoding="ASCII") as f:  # numpy agrees with the hand-made bytes
        assert [list(x) for x in f["x_train"]] == train and [list(x) for x in f["x_test"]] == test

    words = ["the", "and", "a", "of", "to", "is", "br", "in", "it", "i", "this", "that", "was", "as", "for",
             "with", "movie", "but", "film", "on", "not", "you", "are", "his", "have", "he", "be", "one",
             "all", "at", "by", "an", "they", "who", "so", "from", "like", "her", "or", "just", "about",
             "it's", "out", "has", "if", "some", "there", "what", "good", "more", "when", "very", "up",
             "no", "time", "she", "even", "my", "would", "caf\u00e9"]
    assert len(words) == VOCAB
    with open(os.path.join(DEST, "imdb-mini-word-index.json"), "w", encoding="utf-8") as f:
        json.dump({w: i + 1 for i, w in enumerate(words)}, f)  # json.dump escapes non-ASCII as Keras's file does

    expected = []
    for case in CASES:
        (xt, yt), (xs, ys) = load_data_like_keras(npz, **case)
        expected.append({"options": case, "x_train": xt, "y_train": yt, "x_test": xs, "y_test": ys})
    with open(os.path.join(DEST, "imdb-mini-expected.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))
    with open(os.path.join(DEST, "numpy-shuffle.json"), "w") as f:
        json.dump(shuffle_fixture(), f, indent=1)

    with open(os.path.join(DEST, "aclImdb-mini.tar.gz"), "wb") as f:
        f.write(tar_gz(tarfile.GNU_FORMAT))
    with open(os.path.join(DEST, "aclImdb-mini-pax.tar.gz"), "wb") as f:
        f.write(tar_gz(tarfile.PAX_FORMAT))
    reviews = [{"split": s, "label": 1 if k == "pos" else 0, "rating": r, "id": i, "text": t}
               for s, k, i, r, t in REVIEWS]
    with open(os.path.join(DEST, "aclImdb-mini-expected.json"), "w", encoding="utf-8") as f:
        json.dump(reviews, f, indent=1)

    npy_fixtures(os.path.join(DEST, "npy"))
    for name in sorted(os.listdir(DEST)):
        p = os.path.join(DEST, name)
        if os.path.isfile(p):
            print("%-30s %7d bytes  sha256 %s" % (name, os.path.getsize(p), hashlib.sha256(open(p, "rb").read()).hexdigest()))


if __name__ == "__main__":
    main()
