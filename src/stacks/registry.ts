/**
 * The registry stack: the app's ECR repository, deployed before the first image push. The repository is retained
 * when the stack is deleted, and its logical ID never depends on an option.
 */
import type { TemplateSpec } from '../assemble.js';
import type { FragmentLibrary } from '../fragments/library.js';
import type { Tag } from './tags.js';

export interface RegistryOptions {
  /** How many of the most recent images to keep; rollbacks can reach back this far. */
  readonly imagesToKeep: number;
  /** Days after which an untagged image is expired (default 3). */
  readonly untaggedDays?: number;
  readonly tags: readonly Tag[];
}

export const DEFAULT_IMAGES_TO_KEEP = 30;
export const DEFAULT_UNTAGGED_DAYS = 3;

export function registryTemplate(library: FragmentLibrary, options: RegistryOptions): TemplateSpec {
  const untaggedDays = options.untaggedDays ?? DEFAULT_UNTAGGED_DAYS;
  return {
    description:
      `Registry: the app's ECR repository (scan on push, immutable tags, keeps the last ${options.imagesToKeep} ` +
      `images, expires untagged ones after ${untaggedDays} days, retained on delete).`,
    fragments: [
      library.instantiate('registry/repository', {
        imagesToKeep: options.imagesToKeep,
        untaggedDays,
        tags: options.tags,
      }),
    ],
  };
}
