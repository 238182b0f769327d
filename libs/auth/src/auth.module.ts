import { Module, type DynamicModule, type ModuleMetadata, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_MODULE_OPTIONS } from './auth.constants';
import { AuthGuard } from './auth.guard';
import type { AuthModuleOptions } from './auth.options';
import { JwtVerifier } from './jwt-verifier';

export interface AuthModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => AuthModuleOptions | Promise<AuthModuleOptions>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject?: any[];
}

/**
 * Import once in a service's AppModule. Registers the global `AuthGuard` (APP_GUARD) and
 * exports the `JwtVerifier` and the options.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return AuthModule.build([{ provide: AUTH_MODULE_OPTIONS, useValue: options }]);
  }

  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return AuthModule.build(
      [{ provide: AUTH_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }],
      options.imports ?? [],
    );
  }

  private static build(optionsProviders: Provider[], imports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports,
      providers: [
        ...optionsProviders,
        {
          provide: JwtVerifier,
          useFactory: (opts: AuthModuleOptions) => new JwtVerifier(opts),
          inject: [AUTH_MODULE_OPTIONS],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_MODULE_OPTIONS, JwtVerifier],
    };
  }
}
