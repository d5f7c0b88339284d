#!/usr/bin/env python3
"""Prints width, height, the fraction of non-white pixels and the number of distinct colours of a
PNG (8-bit RGB or RGBA, non-interlaced, as Chromium writes screenshots), with the standard library
only, as JSON; with a further argument RRGGBB, also how many pixels have that colour. Used by the report test to check that a screenshot is not blank."""
import json
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main():
    width, height, channels, rows = read_png(sys.argv[1])
    colours, non_white = set(), 0
    for line in rows:
        for x in range(0, len(line), channels):
            px = line[x:x + 3]
            colours.add(px)
            if px != b"\xff\xff\xff":
                non_white += 1
    out = {"width": width, "height": height, "non_white": non_white / (width * height), "colours": len(colours)}
    if len(sys.argv) > 2:
        want = bytes.fromhex(sys.argv[2])
        out["colour_pixels"] = sum(line[x:x + 3] == want for line in rows for x in range(0, len(line), channels))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
