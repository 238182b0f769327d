import { Controller, Get, NotFoundException, Param, Post, type INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import {
  addBearerSecurity,
  assertSameTenant,
  AuthGuard,
  AuthModule,
  CurrentPrincipal,
  ensureDevKeys,
  JwtVerifier,
  mintDevToken,
  Public,
  Roles,
  ROLES,
  TenantId,
  type AuthModuleOptions,
  type DevKeys,
  type Principal,
  type Role,
} from './index';

// ---- a tiny service: cases kept per tenant -------------------------------------------------

interface CaseRecord {
  id: string;
  tenantId: string;
  title: string;
}

const CASES = new Map<string, CaseRecord>([
  ['c-acme-1', { id: 'c-acme-1', tenantId: 'acme', title: 'Pump leaks' }],
  ['c-acme-2', { id: 'c-acme-2', tenantId: 'acme', title: 'Install press' }],
  ['c-globex-1', { id: 'c-globex-1', tenantId: 'globex', title: 'Globex secret' }],
]);

const caseNotFound = (id: string) => () =>
  new NotFoundException({ code: 'CASE_NOT_FOUND', message: `service case ${id} not found` });

@Controller('cases')
@Roles('agent', 'dispatcher')
class CasesController {
  @Get()
  list(@TenantId() tenantId: string): CaseRecord[] {
    return [...CASES.values()].filter((c) => c.tenantId === tenantId);
  }

  @Get(':id')
  get(@Param('id') id: string, @TenantId() tenantId: string): CaseRecord {
    return assertSameTenant(tenantId, CASES.get(id), caseNotFound(id));
  }

  @Post(':id/approve')
  @Roles('manager')
  approve(@Param('id') id: string, @CurrentPrincipal() principal: Principal): { approvedBy: string } {
    assertSameTenant(principal, CASES.get(id), caseNotFound(id));
    return { approvedBy: principal.subject };
  }
}

@Controller('me')
class MeController {
  @Get()
  @Roles(...ROLES)
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

@Controller('misc')
class MiscController {
  @Get('ping')
  @Public()
  ping(): { ok: true } {
    return { ok: true };
  }

  @Get('undeclared')
  undeclared(): { leaked: true } {
    return { leaked: true };
  }
}

@Controller('survey')
@Public()
class PublicController {
  @Get()
  open(): { survey: true } {
    return { survey: true };
  }
}

async function startApp(options: AuthModuleOptions): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot(options)],
    controllers: [CasesController, MeController, MiscController, PublicController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

// ---- keys and tokens -------------------------------------------------------------------------

let workDir: string;
let keys: DevKeys;
let otherKeys: DevKeys;

async function token(roles: Role[], tenantId = 'acme', extra: { ttl?: string | number; issuer?: string; audience?: string } = {}) {
  return mintDevToken({ subject: 'alice', tenantId, roles, dir: keys.dir, ...extra });
}

/** Signs arbitrary claims with the trusted private key (for tokens mintDevToken refuses to make). */
async function signWithTrustedKey(claims: JWTPayload, exp = '1h'): Promise<string> {
  const key = await importJWK(keys.privateJwk, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: keys.kid }).setIssuedAt().setExpirationTime(exp).sign(key);
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'aftercare-auth-'));
  keys = await ensureDevKeys(join(workDir, 'trusted'));
  otherKeys = await ensureDevKeys(join(workDir, 'other'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

// ---- file:// JWKS: the full behaviour --------------------------------------------------------

describe('AuthModule with a file:// JWKS', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    expect(keys.jwksUri).toMatch(/^file:\/\//);
    app = await startApp({ jwksUri: keys.jwksUri });
  });
  afterAll(async () => {
    await app.close();
  });

  describe('401 — no usable token', () => {
    it('refuses a request without a token with AUTH_TOKEN_MISSING and a Bearer challenge', async () => {
      const res = await http().get('/cases/c-acme-1');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_TOKEN_MISSING');
      expect(res.body.message).toMatch(/Bearer/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses a non-Bearer Authorization header as a missing token', async () => {
      const res = await http().get('/cases/c-acme-1').set('Authorization', 'Basic YWxpY2U6c2VjcmV0');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_TOKEN_MISSING');
    });

    it.each([
      ['garbage', 'not-a-jwt'],
      ['three bad segments', 'aaa.bbb.ccc'],
      ['an empty signature', 'eyJhbGciOiJSUzI1NiJ9.e30.'],
    ])('refuses a malformed token (%s) with AUTH_TOKEN_INVALID', async (_label, bad) => {
      const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${bad}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    });

    it('refuses a token signed by a key outside the JWKS', async () => {
      const forged = await mintDevToken({ subject: 'mallory', tenantId: 'acme', roles: ['manager'], dir: otherKeys.dir });
      const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${forged}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
      expect(res.body.message).toMatch(/key/);
    });

    it('refuses a token signed by another key that claims the trusted kid (bad signature)', async () => {
      const otherKey = await importJWK(otherKeys.privateJwk, 'RS256');
      const forged = await new SignJWT({ tenant: 'acme', roles: ['manager'] })
        .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
        .setSubject('mallory')
        .setExpirationTime('1h')
        .sign(otherKey);
      const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${forged}`);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'AUTH_TOKEN_INVALID', message: 'token signature verification failed' });
    });

    it('refuses a token whose payload was tampered with', async () => {
      const [h, , s] = (await token(['agent'])).split('.');
      const payload = Buffer.from(JSON.stringify({ sub: 'alice', tenant: 'globex', roles: ['agent'], exp: 9999999999 })).toString('base64url');
      const res = await http().get('/cases/c-globex-1').set('Authorization', `Bearer ${h}.${payload}.${s}`);
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/signature/);
    });

    it('refuses an expired token', async () => {
      const expired = await token(['agent'], 'acme', { ttl: -60 });
      const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${expired}`);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'AUTH_TOKEN_INVALID', message: 'token has expired' });
    });

    it('refuses an HS256 token, even one keyed with the public modulus (wrong algorithm)', async () => {
      const secret = Buffer.from(keys.publicJwk.n!, 'base64url');
      const hs = await new SignJWT({ tenant: 'acme', roles: ['manager'] })
        .setProtectedHeader({ alg: 'HS256', kid: keys.kid })
        .setSubject('mallory')
        .setExpirationTime('1h')
        .sign(secret);
      const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${hs}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
      expect(res.body.message).toMatch(/RS256/);
    });

    it('refuses an unsigned (alg "none") token', async () => {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const none = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: 'mallory', tenant: 'acme', roles: ['manager'], exp: 9999999999 })}.`;
      const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${none}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
    });

    it.each([
      ['tenant', { sub: 'alice', roles: ['agent'] }, /"tenant"/],
      ['sub', { tenant: 'acme', roles: ['agent'] }, /"sub"/],
      ['roles', { sub: 'alice', tenant: 'acme' }, /"roles"/],
      ['roles as a string', { sub: 'alice', tenant: 'acme', roles: 'agent' }, /"roles"/],
      ['an unknown role', { sub: 'alice', tenant: 'acme', roles: ['agent', 'root'] }, /unknown role.*"root"/],
      ['an empty tenant', { sub: 'alice', tenant: '', roles: ['agent'] }, /"tenant"/],
    ])('refuses a correctly signed token with missing/invalid %s', async (_label, claims, message) => {
      const res = await http()
        .get('/cases/c-acme-1')
        .set('Authorization', `Bearer ${await signWithTrustedKey(claims)}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
      expect(res.body.message).toMatch(message);
    });
  });

  describe('403 — roles', () => {
    it('refuses a caller without one of the controller roles, naming the roles required', async () => {
      const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${await token(['technician'])}`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH_ROLE_FORBIDDEN');
      expect(res.body.message).toContain('agent, dispatcher');
      expect(res.body.message).toContain('technician');
      expect(res.headers['www-authenticate']).toBeUndefined();
    });

    it('lets a handler @Roles replace the controller roles', async () => {
      const asAgent = await http().post('/cases/c-acme-1/approve').set('Authorization', `Bearer ${await token(['agent'])}`);
      expect(asAgent.status).toBe(403);
      expect(asAgent.body.message).toContain('manager');

      const asManager = await http().post('/cases/c-acme-1/approve').set('Authorization', `Bearer ${await token(['manager'])}`);
      expect(asManager.status).toBe(201);
      expect(asManager.body).toEqual({ approvedBy: 'alice' });
    });

    it('accepts a caller holding any one of the allowed roles', async () => {
      const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${await token(['technician', 'dispatcher'])}`);
      expect(res.status).toBe(200);
    });

    it('refuses every caller on a route that declares no roles', async () => {
      const everyone = await token([...ROLES]);
      const res = await http().get('/misc/undeclared').set('Authorization', `Bearer ${everyone}`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH_ROLE_FORBIDDEN');
      expect(res.body.leaked).toBeUndefined();
    });

    it('still answers 401 (not 403) on an undeclared route when no token is sent', async () => {
      const res = await http().get('/misc/undeclared');
      expect(res.status).toBe(401);
    });
  });

  describe('@Public', () => {
    it('serves a public handler without a token', async () => {
      const res = await http().get('/misc/ping');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true });
    });

    it('serves a public handler even when a bad token is sent', async () => {
      const res = await http().get('/misc/ping').set('Authorization', 'Bearer nonsense');
      expect(res.status).toBe(200);
    });

    it('serves every handler of a public controller', async () => {
      const res = await http().get('/survey');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ survey: true });
    });
  });

  describe('tenant scoping', () => {
    it("returns the caller's own tenant's record", async () => {
      const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${await token(['agent'])}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: 'c-acme-1', tenantId: 'acme', title: 'Pump leaks' });
    });

    it("answers another tenant's record with 404, exactly like a missing one", async () => {
      const auth = `Bearer ${await token(['agent'])}`;
      const foreign = await http().get('/cases/c-globex-1').set('Authorization', auth);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('CASE_NOT_FOUND');
      expect(JSON.stringify(foreign.body)).not.toContain('Globex secret');

      const missing = await http().get('/cases/c-nope').set('Authorization', auth);
      expect(missing.status).toBe(404);
      expect(Object.keys(missing.body).sort()).toEqual(Object.keys(foreign.body).sort());
    });

    it('lets the other tenant see its own record', async () => {
      const res = await http().get('/cases/c-globex-1').set('Authorization', `Bearer ${await token(['agent'], 'globex')}`);
      expect(res.status).toBe(200);
      expect(res.body.title).toBe('Globex secret');
    });

    it("lists only the caller's tenant", async () => {
      const res = await http().get('/cases').set('Authorization', `Bearer ${await token(['dispatcher'])}`);
      expect(res.status).toBe(200);
      expect(res.body.map((c: CaseRecord) => c.id).sort()).toEqual(['c-acme-1', 'c-acme-2']);
    });

    it("refuses a manager's action on another tenant's record with 404", async () => {
      const res = await http().post('/cases/c-globex-1/approve').set('Authorization', `Bearer ${await token(['manager'])}`);
      expect(res.status).toBe(404);
    });

    it('puts the principal from sub/tenant/roles on the request', async () => {
      const t = await mintDevToken({ subject: 'bob', tenantId: 'acme', roles: ['parts_clerk', 'parts_clerk', 'customer'], dir: keys.dir });
      const res = await http().get('/me').set('Authorization', `bearer ${t}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ subject: 'bob', tenantId: 'acme', roles: ['parts_clerk', 'customer'] });
    });
  });
});

// ---- issuer / audience ------------------------------------------------------------------------

describe('AuthModule with issuer and audience', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApp({ jwksUri: keys.jwksUri, issuer: 'https://login.example', audience: 'aftercare' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('accepts a token with the configured issuer and audience', async () => {
    const t = await token(['agent'], 'acme', { issuer: 'https://login.example', audience: 'aftercare' });
    expect((await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${t}`)).status).toBe(200);
  });

  it('refuses a token from another issuer', async () => {
    const t = await token(['agent'], 'acme', { issuer: 'https://evil.example', audience: 'aftercare' });
    const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${t}`);
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/issuer/);
  });

  it('refuses a token for another audience', async () => {
    const t = await token(['agent'], 'acme', { issuer: 'https://login.example', audience: 'other-app' });
    const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${t}`);
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/audience/);
  });

  it('refuses a token without issuer or audience', async () => {
    const res = await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${await token(['agent'])}`);
    expect(res.status).toBe(401);
  });
});

// ---- http:// JWKS -----------------------------------------------------------------------------

describe('AuthModule with an http:// JWKS', () => {
  let server: Server;
  let baseUrl: string;
  let jwksRequests = 0;
  let failing = false;

  beforeAll(async () => {
    const jwks = readFileSync(keys.jwksPath, 'utf8');
    server = createServer((req, res) => {
      if (req.url === '/.well-known/jwks.json') {
        jwksRequests++;
        if (failing) {
          res.writeHead(500).end('boom');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fetches the key set and verifies tokens with it, with the same 401/403/404 behaviour', async () => {
    const app = await startApp({ jwksUri: `${baseUrl}/.well-known/jwks.json` });
    try {
      const http = () => request(app.getHttpServer());
      expect((await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${await token(['agent'])}`)).status).toBe(200);
      expect(jwksRequests).toBeGreaterThan(0);
      expect((await http().get('/cases/c-acme-1')).status).toBe(401);
      expect((await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${await token(['customer'])}`)).status).toBe(403);
      expect((await http().get('/cases/c-globex-1').set('Authorization', `Bearer ${await token(['agent'])}`)).status).toBe(404);
      const forged = await mintDevToken({ subject: 'm', tenantId: 'acme', roles: ['agent'], dir: otherKeys.dir });
      expect((await http().get('/cases/c-acme-1').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('answers 503 AUTH_JWKS_UNAVAILABLE (not 401) when the key set cannot be fetched', async () => {
    failing = true;
    const app = await startApp({ jwksUri: `${baseUrl}/.well-known/jwks.json` });
    try {
      const res = await request(app.getHttpServer()).get('/cases/c-acme-1').set('Authorization', `Bearer ${await token(['agent'])}`);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('AUTH_JWKS_UNAVAILABLE');
    } finally {
      failing = false;
      await app.close();
    }
  });

  it('answers 503 when the JWKS server is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const app = await startApp({ jwksUri: `http://127.0.0.1:${port}/jwks.json` });
    try {
      const res = await request(app.getHttpServer()).get('/cases/c-acme-1').set('Authorization', `Bearer ${await token(['agent'])}`);
      expect(res.status).toBe(503);
    } finally {
      await app.close();
    }
  });
});

// ---- configuration and other contexts ---------------------------------------------------------

describe('AuthModule configuration', () => {
  it('fails at start-up when the file:// JWKS does not exist, naming the path', async () => {
    const missing = join(workDir, 'nope', 'jwks.json');
    await expect(startApp({ jwksUri: `file://${missing}` })).rejects.toThrow(missing);
  });

  it('fails at start-up on an unsupported scheme', async () => {
    await expect(startApp({ jwksUri: 'ftp://example.com/jwks.json' })).rejects.toThrow(/unsupported scheme/);
  });

  it('exposes the JwtVerifier for non-HTTP use', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AuthModule.forRoot({ jwksUri: keys.jwksUri })] }).compile();
    const verifier = moduleRef.get(JwtVerifier);
    await expect(verifier.verify(await token(['integration'], 'initech'))).resolves.toEqual({
      subject: 'alice',
      tenantId: 'initech',
      roles: ['integration'],
    });
    await expect(verifier.verify('x')).rejects.toMatchObject({ response: { code: 'AUTH_TOKEN_INVALID' } });
  });

  it('supports forRootAsync', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRootAsync({ useFactory: async () => ({ jwksUri: keys.jwksUri }) })],
      controllers: [CasesController],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      expect((await request(app.getHttpServer()).get('/cases/c-acme-1')).status).toBe(401);
      expect((await request(app.getHttpServer()).get('/cases/c-acme-1').set('Authorization', `Bearer ${await token(['agent'])}`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('documents the bearer scheme on @Roles routes in OpenAPI, not on @Public ones', async () => {
    const app = await startApp({ jwksUri: keys.jwksUri });
    try {
      const doc = SwaggerModule.createDocument(app, addBearerSecurity(new DocumentBuilder().setTitle('t')).build());
      expect(doc.components?.securitySchemes?.['bearer']).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      expect(doc.paths['/cases/{id}']?.get?.security).toEqual([{ bearer: [] }]);
      expect(doc.paths['/misc/ping']?.get?.security).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('does not guard non-HTTP (Kafka) handlers', async () => {
    const guard = new AuthGuard(new Reflector(), new JwtVerifier({ jwksUri: keys.jwksUri }));
    const rpc = { getType: () => 'rpc', getHandler: () => () => undefined, getClass: () => Object } as never;
    await expect(guard.canActivate(rpc)).resolves.toBe(true);
  });
});
