export * from '../../session/memory-model.js';
