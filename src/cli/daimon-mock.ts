console.log('daimon-mock');
