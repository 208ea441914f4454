/**
 * The register's Gemeinden as places for the place matcher: names without titles, the Kreis and Land to tell
 * namesakes apart, and postcodes (OSM's table where given, else the register's postcode of the seat).
 */
import { displayName, parseAreaName } from '../../features/areas/area-names.ts';
import type { Place } from '../../features/areas/place-matcher.ts';
import type { RegisterKindCode } from '../../features/areas/register-kinds.ts';
import type { AreaTree, AreaTreeNode } from './gv100ad.tree.ts';

export function placesFromTree(tree: AreaTree, postcodesByAgs?: ReadonlyMap<string, readonly string[]>): Place[] {
  const ancestor = (node: AreaTreeNode, level: AreaTreeNode['level']): AreaTreeNode | undefined => {
    let current: AreaTreeNode | undefined = node;
    while (current && current.level !== level) {
      current = current.parentKey === null ? undefined : tree.byKey.get(current.parentKey);
    }
    return current;
  };
  const places: Place[] = [];
  for (const node of tree.nodes) {
    if (node.level !== 'gemeinde') continue;
    const verband = node.parentKey === null ? undefined : tree.byKey.get(node.parentKey);
    const kreis = ancestor(node, 'kreis');
    const land = ancestor(node, 'land');
    const name = parseAreaName({
      registerName: node.registerName,
      kind: node.kindCode as RegisterKindCode,
      verbandKind: verband?.kindCode as RegisterKindCode | undefined,
    }).name;
    const fromOsm = postcodesByAgs?.get(node.key);
    places.push({
      ags: node.key,
      name,
      kind: node.kind,
      kreis: kreis ? displayName({ registerName: kreis.registerName, kind: kreis.kindCode as RegisterKindCode }) : '',
      land: land ? parseAreaName({ registerName: land.registerName, kind: 'land' }).name : '',
      postcodes: fromOsm && fromOsm.length > 0 ? fromOsm : node.postcode ? [node.postcode] : [],
      population: node.population ?? 0,
    });
  }
  return places;
}
