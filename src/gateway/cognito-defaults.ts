/** The scope names `cognitoM2M()` defines when `scopes` is not given. */
export const DEFAULT_SCOPES = ['invoke'];
