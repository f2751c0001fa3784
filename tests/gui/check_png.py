#!/usr/bin/env python3
"""Checks a PNG written by redsim-gui --screenshot: the expected size, and not blank.

Usage: check_png.py FILE WIDTH HEIGHT [MIN_COLOURS]
Decodes the PNG with zlib only (8-bit RGB/RGBA, as stb_image_write writes it), then
requires at least MIN_COLOURS distinct colours (default 12) and that no single colour
covers more than 97% of the pixels: a view that drew nothing is one flat background.
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit(f'{path}: not a PNG')
    pos, idat, width = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, colour = struct.unpack('>IIBB', body[:10])
            if depth != 8 or colour not in (2, 6):
                raise SystemExit(f'{path}: unsupported PNG (depth {depth}, colour type {colour})')
            channels = 3 if colour == 2 else 4
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    min_colours = int(sys.argv[4]) if len(sys.argv) > 4 else 12
    w, h, ch, rows = read_png(path)
    if (w, h) != (want_w, want_h):
        raise SystemExit(f'{path}: {w}x{h}, expected {want_w}x{want_h}')
    counts = {}
    for row in rows[::2]:
        for x in range(0, len(row), ch * 2):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    top = max(counts.values())
    if len(counts) < min_colours:
        raise SystemExit(f'{path}: only {len(counts)} colours: looks blank')
    if top > 0.97 * total:
        raise SystemExit(f'{path}: one colour covers {100 * top / total:.1f}% of the image: looks blank')
    print(f'{path}: {w}x{h}, {len(counts)} colours, largest {100 * top / total:.1f}%')


if __name__ == '__main__':
    main()
