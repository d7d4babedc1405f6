import { describe, expect, it } from "vitest";
import { avatarColor, avatarPalette, initialsAvatarSvg, initialsOf } from "./avatar";

describe("initialsOf", () => {
  it.each([
    ["Ada Lovelace", "AL"],
    ["ada lovelace", "AL"],
    ["Gabriel García Márquez", "GM"],
    ["Madonna", "M"],
    ["  Kwame   Mensah  ", "KM"],
    ["Zoë d'Arc", "ZD"],
    ["Émile Zola", "ÉZ"],
    ["E\u0301mile Zola", "E\u0301Z"], // decomposed accent stays with its letter
    ["Ольга Иванова", "ОИ"],
    ["山田 太郎", "山太"],
    ["Ōtsuka", "Ō"],
    ["(Sam) O'Neil", "SO"],
    ["Straße", "S"],
    ["ßabine Koch", "ßK"], // "ß".toUpperCase() is "SS": keep one letter
    ["R2 D2", "RD"],
    ["🙂 Smile", "S"],
    ["", "?"],
    ["   ", "?"],
    ["🙂 🎉", "?"],
  ])("%j → %j", (name, expected) => {
    expect(initialsOf(name)).toBe(expected);
  });

  it("keeps astral-plane letters whole", () => {
    expect(initialsOf("𝒜lice 𝒵ed")).toBe("𝒜𝒵");
  });
});

describe("avatarColor", () => {
  it("is stable for a seed", () => {
    expect(avatarColor("user-123")).toBe(avatarColor("user-123"));
  });

  it("spreads different seeds over the palette", () => {
    const used = new Set(Array.from({ length: 200 }, (_, i) => avatarColor(`user-${i}`)));
    expect(used.size).toBeGreaterThanOrEqual(avatarPalette.length - 2);
  });

  it("only uses colours white text is readable on (WCAG AA, 4.5:1)", () => {
    for (const colour of avatarPalette) {
      expect(contrastWithWhite(colour), colour).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe("initialsAvatarSvg", () => {
  it("is deterministic", () => {
    expect(initialsAvatarSvg("Ada Lovelace", "u1")).toBe(initialsAvatarSvg("Ada Lovelace", "u1"));
  });

  it("draws a 128×128 rounded square with white initials on the seed's colour", () => {
    const svg = initialsAvatarSvg("Ada Lovelace", "u1");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="128" height="128" viewBox="0 0 128 128"/);
    expect(svg).toMatch(/<rect [^>]*rx="\d+"[^>]*fill="#[0-9a-f]{6}"/);
    expect(svg).toContain(`fill="${avatarColor("u1")}"`);
    expect(svg).toContain('fill="#ffffff"');
    expect(svg).toMatch(/>AL<\/text><\/svg>$/);
  });

  it("colours by seed, not by name", () => {
    const seeds = Array.from({ length: 20 }, (_, i) => `seed-${i}`);
    const colours = new Set(seeds.map((seed) => fillOf(initialsAvatarSvg("Same Name", seed))));
    expect(colours.size).toBeGreaterThan(1);
  });

  it("escapes markup in the name", () => {
    const svg = initialsAvatarSvg(`<script>alert("x")</script> & 'Bob'`, "s");
    expect(svg).not.toContain("<script");
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;Bob&apos;");
    expect(textContent(svg)).toBe("SB");
  });

  it("drops characters XML cannot contain", () => {
    const svg = initialsAvatarSvg("Ann\u0000 Lee\u0007 \uD800", "s");
    const forbidden = Array.from(svg).filter((char) => {
      const code = char.codePointAt(0)!;
      return code < 0x20 || (code >= 0xd800 && code <= 0xdfff);
    });
    expect(forbidden).toEqual([]);
    expect(textContent(svg)).toBe("AL");
  });

  it("still renders for an empty name", () => {
    const svg = initialsAvatarSvg("", "s");
    expect(textContent(svg)).toBe("?");
    expect(svg).toContain('aria-label="Avatar"');
  });

  it("contains only balanced, known elements", () => {
    const svg = initialsAvatarSvg('Zoë "Z" <Smith> & Co', "x");
    const tags = [...svg.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]);
    expect(new Set(tags)).toEqual(new Set(["svg", "title", "rect", "text"]));
  });
});

function fillOf(svg: string): string | undefined {
  return /<rect [^>]*fill="(#[0-9a-f]{6})"/.exec(svg)?.[1];
}

function textContent(svg: string): string | undefined {
  return /<text [^>]*>([^<]*)<\/text>/.exec(svg)?.[1];
}

function contrastWithWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => channel(parseInt(hex.slice(i, i + 2), 16) / 255)) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05);
}

function channel(value: number): number {
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}
