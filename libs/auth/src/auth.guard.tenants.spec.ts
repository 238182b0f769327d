import { Controller, Get, Global, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AnyTenant, AuthModule, ensureDevKeys, mintDevToken, Roles, TENANT_DIRECTORY, TenantId, type DevKeys, type Role, type TenantDirectory } from './index';

@Controller('cases')
@Roles('agent')
class CasesController {
  @Get()
  list(@TenantId() tenantId: string): { tenantId: string } {
    return { tenantId };
  }
}

@Controller('admin/tenants')
@Roles('operator')
@AnyTenant()
class TenantsAdminController {
  @Get()
  list(): { ok: true } {
    return { ok: true };
  }
}

const asked: string[] = [];
const directory: TenantDirectory = {
  async isKnown(tenantId) {
    asked.push(tenantId);
    return tenantId === 'acme';
  },
};

@Global()
@Module({ providers: [{ provide: TENANT_DIRECTORY, useValue: directory }], exports: [TENANT_DIRECTORY] })
class DirectoryModule {}

let workDir: string;
let keys: DevKeys;
let app: INestApplication;
const token = (roles: Role[], tenantId: string) => mintDevToken({ subject: 'alice', tenantId, roles, dir: keys.dir });
const get = async (path: string, roles: Role[], tenantId: string) =>
  request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${await token(roles, tenantId)}`);

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'aftercare-auth-tenants-'));
  keys = await ensureDevKeys(workDir);
  const moduleRef = await Test.createTestingModule({
    imports: [DirectoryModule, AuthModule.forRoot({ jwksUri: keys.jwksUri })],
    controllers: [CasesController, TenantsAdminController],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
});

afterAll(async () => {
  await app?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('AuthGuard with a tenant directory', () => {
  it('lets a token of a registered tenant through', async () => {
    const res = await get('/cases', ['agent'], 'acme');
    expect([res.status, res.body]).toEqual([200, { tenantId: 'acme' }]);
  });

  it.each(['ghost', '*'])('refuses a valid token of tenant %p with 403 UNKNOWN_TENANT', async (tenantId) => {
    const res = await get('/cases', ['agent'], tenantId);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('UNKNOWN_TENANT');
    expect(res.body.message).toContain(JSON.stringify(tenantId));
  });

  it('checks the role before the tenant: a wrong role is AUTH_ROLE_FORBIDDEN whatever the tenant', async () => {
    asked.length = 0;
    const res = await get('/cases', ['technician'], 'ghost');
    expect([res.status, res.body.code]).toEqual([403, 'AUTH_ROLE_FORBIDDEN']);
    expect(asked).toEqual([]);
  });

  it('does not ask about the tenant on @AnyTenant() routes (the registry admin API)', async () => {
    asked.length = 0;
    const res = await get('/admin/tenants', ['operator'], 'platform-ops');
    expect(res.status).toBe(200);
    expect(asked).toEqual([]);
  });
});
