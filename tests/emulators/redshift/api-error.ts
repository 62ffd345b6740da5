/** An error the service answers with: `{"__type": name, "message": ...}` and an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const validation = (message: string) => new ApiError('ValidationException', message);
export const notFound = (message: string) => new ApiError('ResourceNotFoundException', message);
