/**
 * The registry stack: the app's ECR repository, deployed before the first image push, the artifacts bucket
 * bin/fargate uploads the other templates to (so they deploy by URL, up to 1 MB each), and the build cache's
 * repository. The first two are retained when the stack is deleted; no logical ID depends on an option. This stack itself is always sent inline (it
 * creates the bucket), so it stays under the 51,200-byte inline limit.
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
/** Days a template stays in the artifacts bucket after its last upload. */
export const TEMPLATE_DAYS = 30;

export function registryTemplate(library: FragmentLibrary, options: RegistryOptions): TemplateSpec {
  const untaggedDays = options.untaggedDays ?? DEFAULT_UNTAGGED_DAYS;
  return {
    description:
      `Registry: the app's ECR repository (scan on push, immutable tags, keeps the last ${options.imagesToKeep} ` +
      `images, expires untagged ones after ${untaggedDays} days, retained on delete), the bucket of deployed templates ` +
      'and the image build cache.',
    fragments: [
      library.instantiate('registry/repository', {
        imagesToKeep: options.imagesToKeep,
        untaggedDays,
        tags: options.tags,
      }),
      library.instantiate('registry/artifacts-bucket', { templateDays: TEMPLATE_DAYS, tags: options.tags }),
      library.instantiate('registry/build-cache', { tags: options.tags }),
    ],
  };
}
