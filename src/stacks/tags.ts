export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** Tags on every taggable resource, so the bill and the console can be filtered by app and environment. */
export function commonTags(appName: string, environment: string): Tag[] {
  return [
    { Key: 'app', Value: appName },
    { Key: 'environment', Value: environment },
    { Key: 'managed-by', Value: 'generator-rails-fargate' },
  ];
}
