/**
 * Destatis' Gemeindeverzeichnis GV100AD: fixed-width records of 220 characters (UTF-8; positions count characters,
 * not bytes, since the register added Sorbian names). One record per line; Satzart 10 Land, 20 Regierungsbezirk,
 * 30 Region (Baden-Württemberg only), 40 Kreis, 50 Gemeindeverband, 60 Gemeinde. Field positions follow the record
 * layout "Datensatzbeschreibung GV100AD" (EF1 … EF19). This module parses one line; the reader streams a file.
 */

import {
  codesOfLevel,
  GEMEINDE_CODES,
  GEMEINDEVERBAND_CODES,
  type GemeindeCode,
  type GemeindeverbandCode,
  KREIS_CODES,
  type KreisCode,
  registerKind,
} from '../../features/areas/register-kinds.ts';
import type { ValidationIssue } from '../../shared/errors.ts';

export const RECORD_LENGTH = 220;
export const SATZARTEN = ['10', '20', '30', '40', '50', '60'] as const;
export type Satzart = (typeof SATZARTEN)[number];

interface RecordBase {
  /** 1-based line in the file, so that later checks (the tree) can name the record too. */
  line: number;
  /** Gebietsstand as an ISO date: "2025-11-30". */
  gebietsstand: string;
  /** The 12-digit Amtlicher Regionalschlüssel, zero-padded below the record's level: "059740000000". */
  ars: string;
  /** The register's name as written, with titles: "Lübeck, Hansestadt". */
  registerName: string;
}

export interface LandRecord extends RecordBase {
  satzart: '10';
  /** 2 digits. */
  ags: string;
  /** Sitz der Landesregierung. */
  seat: string;
}

export interface RegierungsbezirkRecord extends RecordBase {
  satzart: '20';
  /** 3 digits. */
  ags: string;
  seat: string;
}

/** A Region of Baden-Württemberg: Land(2) + RB(1) + the first digit of its Kreise's keys. */
export interface RegionRecord extends RecordBase {
  satzart: '30';
  /** 4 digits, e.g. "0811" for Region Stuttgart: Kreise 08 1 1x belong to it. */
  regionKey: string;
  seat: string;
}

export interface KreisRecord extends RecordBase {
  satzart: '40';
  /** 5 digits. */
  ags: string;
  seat: string;
  textkennzeichen: KreisCode;
  /** snake_case kind, e.g. `landkreis` (see register-kinds.ts). */
  kind: string;
}

export interface GemeindeverbandRecord extends RecordBase {
  satzart: '50';
  /** The 9-digit Gemeindeverband key = ARS digits 1–9: "059740000" (verbandsfrei ones too). */
  verbandKey: string;
  /** The Kreis (5 digits) it belongs to. */
  kreisAgs: string;
  seat: string;
  textkennzeichen: GemeindeverbandCode;
  kind: string;
  /** Textkennzeichen 50: a Gemeinde that runs its own offices; the Verband and the Gemeinde are one. */
  verbandsfrei: boolean;
}

export interface GemeindeRecord extends RecordBase {
  satzart: '60';
  /** 8 digits. */
  ags: string;
  verbandKey: string;
  kreisAgs: string;
  textkennzeichen: GemeindeCode;
  kind: string;
  /** km², from the register's hectares. */
  areaKm2: number;
  population: number;
  populationMale: number;
  /** Postcode of the Gemeinde or, when it has several, of its administration's seat; null for unpopulated areas. */
  postcode: string | null;
  /** False when the Gemeinde has more than one postcode (the register marks that with "*****"). */
  postcodeUnique: boolean;
}

export type Gv100Record =
  | LandRecord
  | RegierungsbezirkRecord
  | RegionRecord
  | KreisRecord
  | GemeindeverbandRecord
  | GemeindeRecord;

export interface ParsedLine {
  record: Gv100Record | null;
  issues: ValidationIssue[];
}

/** Characters `from`–`to` as the record layout counts them (1-based, inclusive). */
const field = (line: string, from: number, to: number): string => line.slice(from - 1, to);

function isoDate(yyyymmdd: string): string | null {
  if (!/^\d{8}$/.test(yyyymmdd)) return null;
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/**
 * Parses one record. Never throws: returns every problem of the line, so a reader can report all of a file's
 * problems at once. An empty line yields neither record nor issues.
 */
export function parseGv100adLine(rawLine: string, lineNumber: number): ParsedLine {
  const record = `line ${lineNumber}`;
  const issues: ValidationIssue[] = [];
  const problem = (fieldName: string, message: string) => issues.push({ record, field: fieldName, message });

  const trimmedEnd = rawLine.replace(/\r$/, '');
  if (trimmedEnd.trim() === '') return { record: null, issues };
  if (trimmedEnd.length > RECORD_LENGTH) {
    problem('record', `has ${trimmedEnd.length} characters; a GV100AD record has ${RECORD_LENGTH}`);
  }
  // Trailing blanks may have been stripped by an editor; they carry no data.
  const line = trimmedEnd.padEnd(RECORD_LENGTH, ' ');

  const satzart = field(line, 1, 2);
  if (!(SATZARTEN as readonly string[]).includes(satzart)) {
    problem('satzart', `"${satzart}" is not a Satzart; allowed: ${SATZARTEN.join(', ')}`);
    return { record: null, issues };
  }
  const gebietsstand = isoDate(field(line, 3, 10));
  if (!gebietsstand) problem('gebietsstand', `"${field(line, 3, 10)}" is not a date YYYYMMDD`);

  const land = field(line, 11, 12);
  const rb = field(line, 13, 13);
  const kreis = field(line, 14, 15);
  const gemeinde = field(line, 16, 18);
  const verband = field(line, 19, 22);
  const name = field(line, 23, 72).trim();
  const seat = field(line, 73, 122).trim();
  const code = field(line, 123, 124);

  const digits = (fieldName: string, value: string, length: number) => {
    if (!new RegExp(`^\\d{${length}}$`).test(value)) {
      problem(fieldName, `"${value}" must be ${length} digit${length === 1 ? '' : 's'}`);
    }
  };
  digits('land', land, 2);
  if (name === '') problem('name', 'is empty');

  const base = { line: lineNumber, gebietsstand: gebietsstand ?? '', registerName: name };
  const checkCode = <C extends string>(allowed: readonly C[], level: 'kreis' | 'gemeindeverband' | 'gemeinde') => {
    if ((allowed as readonly string[]).includes(code)) return code as C;
    problem(
      'textkennzeichen',
      `"${code.trim()}" is not a code for a ${level}; allowed: ${codesOfLevel(level).join(', ')}`,
    );
    return null;
  };

  switch (satzart) {
    case '10': {
      const ags = land;
      return done({ ...base, satzart, ags, ars: ags.padEnd(12, '0'), seat });
    }
    case '20': {
      digits('regierungsbezirk', rb, 1);
      const ags = land + rb;
      return done({ ...base, satzart, ags, ars: ags.padEnd(12, '0'), seat });
    }
    case '30': {
      digits('regierungsbezirk', rb, 1);
      // Only the first digit of the Kreis field names the Region (record layout, EF3U3).
      const regionDigit = kreis.slice(0, 1);
      digits('region', regionDigit, 1);
      const regionKey = land + rb + regionDigit;
      return done({ ...base, satzart, regionKey, ars: regionKey.padEnd(12, '0'), seat });
    }
    case '40': {
      digits('regierungsbezirk', rb, 1);
      digits('kreis', kreis, 2);
      const textkennzeichen = checkCode(KREIS_CODES, 'kreis');
      const ags = land + rb + kreis;
      if (!textkennzeichen) return done(null);
      return done({
        ...base,
        satzart,
        ags,
        ars: ags.padEnd(12, '0'),
        seat,
        textkennzeichen,
        kind: registerKind(textkennzeichen).slug,
      });
    }
    case '50': {
      digits('regierungsbezirk', rb, 1);
      digits('kreis', kreis, 2);
      digits('gemeindeverband', verband, 4);
      const textkennzeichen = checkCode(GEMEINDEVERBAND_CODES, 'gemeindeverband');
      const kreisAgs = land + rb + kreis;
      const verbandKey = kreisAgs + verband;
      if (!textkennzeichen) return done(null);
      return done({
        ...base,
        satzart,
        verbandKey,
        kreisAgs,
        ars: `${verbandKey}000`,
        seat,
        textkennzeichen,
        kind: registerKind(textkennzeichen).slug,
        verbandsfrei: textkennzeichen === '50',
      });
    }
    case '60': {
      digits('regierungsbezirk', rb, 1);
      digits('kreis', kreis, 2);
      digits('gemeinde', gemeinde, 3);
      digits('gemeindeverband', verband, 4);
      const textkennzeichen = checkCode(GEMEINDE_CODES, 'gemeinde');
      const number = (fieldName: string, from: number, to: number): number => {
        const value = field(line, from, to);
        if (!/^\d+$/.test(value)) {
          problem(fieldName, `"${value}" must be ${to - from + 1} digits`);
          return 0;
        }
        return Number(value);
      };
      const hectares = number('flaeche', 129, 139);
      const population = number('bevoelkerung', 140, 150);
      const populationMale = number('bevoelkerungMaennlich', 151, 161);
      const plz = field(line, 166, 170);
      const plzFlag = field(line, 171, 175);
      let postcode: string | null = null;
      if (/^\d{5}$/.test(plz)) postcode = plz;
      else if (plz.trim() !== '') problem('plz', `"${plz}" must be 5 digits or blank`);
      if (plzFlag.trim() !== '' && plzFlag !== '*****') {
        problem('plzEindeutig', `"${plzFlag}" must be blank (one postcode) or "*****" (several)`);
      }
      if (populationMale > population) {
        problem('bevoelkerungMaennlich', `${populationMale} exceeds the population ${population}`);
      }
      const kreisAgs = land + rb + kreis;
      if (!textkennzeichen) return done(null);
      return done({
        ...base,
        satzart,
        ags: kreisAgs + gemeinde,
        verbandKey: kreisAgs + verband,
        kreisAgs,
        ars: kreisAgs + verband + gemeinde,
        textkennzeichen,
        kind: registerKind(textkennzeichen).slug,
        // Hectares to km² without binary rounding noise (5673 ha → 56.73).
        areaKm2: Math.round(hectares) / 100,
        population,
        populationMale,
        postcode,
        postcodeUnique: plzFlag.trim() === '',
      });
    }
  }
  return done(null);

  function done(parsed: Gv100Record | null): ParsedLine {
    return { record: issues.length === 0 ? parsed : null, issues };
  }
}
