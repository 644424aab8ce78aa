import { explainForbidden, forbiddenCauses } from '../../../../../nodes/Procountor/core/forbidden';

describe('a Procountor 403 explained', () => {
	test('a bare FORBIDDEN on a write names the licence, the rights and the closed year, with the body', () => {
		const { message, description } = explainForbidden({ said: 'FORBIDDEN', write: true });
		expect(message).toBe(
			'Procountor refused the request (403 Forbidden): the "Procountor API" licence is not active; the user or API client lacks rights for this company or call; or the fiscal year is closed',
		);
		expect(description).toMatch(
			/^Likely causes, each with its fix: \(1\) The "Procountor API" licence/,
		);
		expect(description).toMatch(
			/\(2\) The user \(OAuth2\) or API client \(API key\) lacks the rights/,
		);
		expect(description).toMatch(
			/\(3\) The fiscal year \(or period\) of the date is closed for writes/,
		);
		expect(description).toMatch(/Procountor said: FORBIDDEN$/);
	});

	test('a read is not forbidden by a closed year', () => {
		expect(forbiddenCauses('FORBIDDEN', false)).toEqual(['licence', 'rights']);
	});

	test('words in the body only decide the order, never drop a cause', () => {
		expect(forbiddenCauses('fiscal year 2025 is closed', true)).toEqual([
			'closedYear',
			'licence',
			'rights',
		]);
		expect(forbiddenCauses('User has no rights to invalidate', true)).toEqual([
			'rights',
			'licence',
			'closedYear',
		]);
		expect(forbiddenCauses('API_LICENCE_NOT_ENABLED', true)[0]).toBe('licence');
		expect(explainForbidden({ said: '', write: false, action: 'read the company' })).toMatchObject({
			message:
				'Procountor refused to read the company (403 Forbidden): the "Procountor API" licence is not active; or the user or API client lacks rights for this company or call',
			description: expect.stringMatching(/Procountor said: \(no text\)$/),
		});
	});
});
