/**
 * The legal model of sex work per country, from the research data
 * (data/legal-models.csv), for statistics by legal model.
 *
 * Where a country has several rows (the United Kingdom: England and Wales,
 * Scotland, Northern Ireland), the model most of its rows share is used and
 * the country is marked as mixed. Rows of low confidence are grouped as
 * "unverified", as the research note asks, until checked against primary law.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './csv.js';

export const LEGAL_MODELS = ['criminalised', 'partial_criminalisation_of_purchase', 'partially_criminalised_other', 'regulated', 'decriminalised', 'unverified'] as const;
export type LegalModel = (typeof LEGAL_MODELS)[number];

export function isLegalModel(v: string): v is LegalModel {
  return (LEGAL_MODELS as readonly string[]).includes(v);
}

export interface CountryLegalModel {
  readonly iso2: string;
  readonly model: LegalModel;
  /** The model the research gives, even where it is unverified. */
  readonly researchedModel: string;
  /** Subdivisions differ (the model shown is the one most of them share). */
  readonly mixed: boolean;
  readonly confidence: string;
}

/** The repository's data folder (three levels above this module, in src/ and in dist/ alike). */
export const DATA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/legal-models.csv');

/** Parses the legal-models CSV text into one entry per country. */
export function parseLegalModels(text: string): Map<string, CountryLegalModel> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return new Map();
  const col = (name: string) => {
    const i = header.fields.indexOf(name);
    if (i === -1) throw new Error(`legal-models data has no column ${name}`);
    return i;
  };
  const iIso = col('iso2');
  const iModel = col('legal_model');
  const iConf = col('confidence');
  const byCountry = new Map<string, Array<{ model: string; confidence: string }>>();
  for (const r of rows) {
    const iso = (r.fields[iIso] ?? '').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(iso)) continue;
    const list = byCountry.get(iso) ?? [];
    list.push({ model: (r.fields[iModel] ?? '').trim(), confidence: (r.fields[iConf] ?? '').trim() });
    byCountry.set(iso, list);
  }
  const out = new Map<string, CountryLegalModel>();
  for (const [iso2, list] of byCountry) {
    const counts = new Map<string, number>();
    for (const x of list) counts.set(x.model, (counts.get(x.model) ?? 0) + 1);
    const [researchedModel] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const lowOnly = list.every((x) => x.confidence === 'low');
    const model: LegalModel = lowOnly || !isLegalModel(researchedModel) || researchedModel === 'unverified' ? 'unverified' : researchedModel;
    out.set(iso2, { iso2, model, researchedModel, mixed: counts.size > 1, confidence: lowOnly ? 'low' : list.some((x) => x.confidence === 'high') ? 'high' : 'medium' });
  }
  return out;
}

let cached: Map<string, CountryLegalModel> | undefined;

/** The legal models, read once from the data file. */
export function legalModels(): Map<string, CountryLegalModel> {
  cached ??= parseLegalModels(fs.readFileSync(DATA_FILE, 'utf8'));
  return cached;
}

/** The legal model used in statistics for a country ('unverified' when the data has none). */
export function legalModelOf(iso2: string): LegalModel {
  return legalModels().get(iso2)?.model ?? 'unverified';
}
