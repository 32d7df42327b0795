import { AppError } from '../platform/errors.ts';
import { DescriptionError } from './contract.ts';

/** Runs a read of description files; a description that cannot be read becomes the 422 every upload gives. */
export async function refuseUnreadable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DescriptionError) {
      throw new AppError('unprocessable_description', {
        detail: error.message,
        extensions: error.location ? { location: error.location } : {},
      });
    }
    throw error;
  }
}
