// `GET /api/v1/places?q=`: what a citizen types (a Gemeinde's name, an Ortsteil, a postcode, with typos, titles and
// "Town-Ortsteil" forms) answered with the Gemeinden it may mean — the same matcher as the portal's place chooser.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ValidationError } from '../../shared/errors.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { AreasService } from './areas.service.ts';

const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { additionalProperties: true, description: 'application/problem+json' },
);

const Candidate = Type.Object({
  ags: Type.String({ description: 'AGS of the Gemeinde' }),
  name: Type.String(),
  /** Told apart by Kreis and Land where names repeat ("Neustadt"). */
  label: Type.String(),
  kreis: Type.String({ description: 'Name of the Kreis (empty for a kreisfreie Stadt)' }),
  land: Type.String(),
  reason: Type.String({
    description: 'postcode | exact | normalised | base-name | ortsteil | town-ortsteil | typo',
  }),
  matched: Type.String({ description: 'What the input matched: the postcode, the name form or the Ortsteil' }),
  website: Type.Union([Type.String(), Type.Null()], { description: "The administration's website, when known" }),
});

const PlacesAnswer = Type.Object({
  query: Type.String(),
  interpretedAs: Type.String({ description: 'postcode | name | postcode-and-name' }),
  ambiguous: Type.Boolean({ description: 'Several Gemeinden fit equally well: ask which one' }),
  candidates: Type.Array(Candidate),
});

export interface AreasApiOptions {
  areas: Pick<AreasService, 'placeMatcher'>;
  catalog: Pick<CatalogService, 'structure'>;
}

export const areasApi: FastifyPluginAsyncTypebox<AreasApiOptions> = async (app, { areas, catalog }) => {
  app.get(
    '/places',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Orte, wie Bürgerinnen und Bürger sie eingeben: Gemeinde, Ortsteil oder Postleitzahl',
        querystring: Type.Object({
          q: Type.String({ maxLength: 200, description: 'Name, Ortsteil or postcode, e.g. "Hovestadt" or "59590"' }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 12 })),
        }),
        response: { 200: PlacesAnswer, 400: Problem },
      },
    },
    async (req, reply) => {
      const q = req.query.q.trim();
      if (q === '')
        throw new ValidationError('q is empty; give a Gemeinde, an Ortsteil or a postcode', [
          { field: 'q', message: 'is empty; give a Gemeinde, an Ortsteil or a postcode' },
        ]);
      const found = (await areas.placeMatcher()).match(q, { limit: req.query.limit ?? 12 });
      const { areasByAgs } = await catalog.structure();
      reply.header('cache-control', 'public, max-age=60');
      return {
        query: found.query,
        interpretedAs: found.interpretedAs,
        ambiguous: found.ambiguous,
        candidates: found.candidates.map((c) => ({
          ags: c.place.ags,
          name: c.place.name,
          label: c.label,
          kreis: c.place.kreis,
          land: c.place.land,
          reason: c.reason,
          matched: c.matched,
          website: areasByAgs.get(c.place.ags)?.website ?? null,
        })),
      };
    },
  );
};
